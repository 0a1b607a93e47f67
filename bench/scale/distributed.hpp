// `evo validate --no-cache` of the standard library spread over `evo worker -j 1` processes
// through the redis-streams scheduler, with 1 and then 2 workers, against a redis-server of
// the bench's own. Rows only when the redis-streams plugin is built: otherwise one row saying
// so, never a number.
#pragma once

#include "evo_commands.hpp"
#include "scale_row.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace evo::scale_bench {

// The redis-streams plugin's file in the installation's plugin directory, if it is there.
bool redis_streams_built(const std::filesystem::path& plugin_dir);

// The manifest the workers and the client share: the validators, the redis-streams scheduler
// on 127.0.0.1:`port`, no cache.
std::string distributed_manifest(std::uint16_t port);

scale_rows distributed_rows(const evo_setup& setup, const std::filesystem::path& plugin_dir,
                            const std::vector<std::string>& files);

} // namespace evo::scale_bench
