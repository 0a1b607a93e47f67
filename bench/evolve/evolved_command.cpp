#include "evolved_command.hpp"

#include "timed_run.hpp"

#include <cstdlib>
#include <fstream>

namespace evo::evolve_bench {
namespace {

constexpr const char* description = "turn each line of stdin into a URL slug";

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace

std::optional<evolved_command> evolve_slugify(const std::string& evo, const std::string& manifest,
                                              const std::filesystem::path& scratch, std::string& why,
                                              bool& unavailable) {
    unavailable = false;
    const std::filesystem::path data = scratch / "data", cache = scratch / "cache";
    std::filesystem::create_directories(data);
    setenv("XDG_DATA_HOME", data.c_str(), 1);
    // The offline manifest caches on disk too: the user's answers must neither serve this
    // evolution (it would skip the repair cycle it measures) nor receive its own.
    setenv("XDG_CACHE_HOME", cache.c_str(), 1);

    // The help lists each command on a line of its own: "  evolve   DESCRIPTION".
    if (timed_run({evo, "--help"}, "").out.find("\n  evolve ") == std::string::npos) {
        unavailable = true;
        why = "this evo has no `evo evolve` command yet";
        return std::nullopt;
    }
    const run_result evolved = timed_run({evo, "-m", manifest, "evolve", "slugify", description}, "");
    if (evolved.exit_code != 0) {
        why = "`evo -m " + manifest + " evolve slugify \"" + description + "\"` exited with " +
              std::to_string(evolved.exit_code);
        return std::nullopt;
    }
    const run_result shown = timed_run({evo, "show", "slugify"}, "");
    if (shown.exit_code != 0 || shown.out.empty()) {
        why = "`evo show slugify` exited with " + std::to_string(shown.exit_code);
        return std::nullopt;
    }
    evolved_command command{scratch / "command.py", scratch / "input.txt"};
    write_file(command.code, shown.out);
    write_file(command.input, "Hello World\n");
    return command;
}

} // namespace evo::evolve_bench
