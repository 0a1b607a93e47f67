// The slugify rows' set-up: a scratch XDG_DATA_HOME and XDG_CACHE_HOME (so the user's command
// store and cache are never touched), `evo evolve slugify` with the offline manifest, and the stored code written out
// with `evo show` for the bare python3 peer.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace evo::evolve_bench {

struct evolved_command {
    std::filesystem::path code;  // command.py: what `evo show slugify` printed
    std::filesystem::path input; // "Hello World\n", the stdin of every timed run
};

// Sets XDG_DATA_HOME and XDG_CACHE_HOME to fresh directories under `scratch` for this process
// and its children.
// nullopt, with the reason in `why`, when this evo cannot evolve (no `evo evolve`) or the
// evolution or `evo show` failed; `unavailable` tells the first case from the others.
std::optional<evolved_command> evolve_slugify(const std::string& evo, const std::string& manifest,
                                              const std::filesystem::path& scratch, std::string& why,
                                              bool& unavailable);

} // namespace evo::evolve_bench
