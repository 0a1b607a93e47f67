// What an evolved command may do when it runs, stored with each version (as JSON) and applied
// by `evo NAME`: no network ever, the sandbox's work directory the only place it writes, a
// clean environment, and the sandbox's limits as they were when it was registered.
#pragma once

#include <evo/host/sandbox.hpp>

#include <string>
#include <string_view>

namespace evo::cli {

// command_permissions{} is what a command registered today gets: the sandbox's defaults.
struct command_permissions {
    bool network = false; // informational: the sandbox has none, and nothing grants it
    host::sandbox_limits limits = host::sandbox_defaults;
    // 0: no wall-clock limit. `evo NAME` may be a long filter in a pipe (tail -f | evo NAME),
    // so only the CPU limit bounds a program that spins.
    double timeout_seconds = 0;
};

std::string permissions_json(const command_permissions& p);
// Fields missing from `text` keep the sandbox's defaults; malformed JSON is a runtime_error.
command_permissions parse_permissions(std::string_view text);

} // namespace evo::cli
