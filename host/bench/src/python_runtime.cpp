#include <evo/bench/python_runtime.hpp>

#include "bench_error.hpp"
#include <evo/bench/process.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <unistd.h>

namespace evo::bench {
namespace {

std::vector<std::filesystem::path> paths_of(const boost::json::value& list) {
    std::vector<std::filesystem::path> paths;
    for (const boost::json::value& entry : list.as_array())
        paths.emplace_back(std::string(entry.as_string()));
    return paths;
}

python_runtime runtime_from(const boost::json::value& answer) {
    python_runtime runtime;
    runtime.executable = std::string(answer.at("executable").as_string());
    runtime.implementation = answer.at("implementation").as_string();
    runtime.version = answer.at("version").as_string();
    if (const auto& libpython = answer.at("libpython"); libpython.is_string())
        runtime.libpython = std::string(libpython.as_string());
    runtime.stdlib_dirs = paths_of(answer.at("stdlib_dirs"));
    runtime.excluded_dirs = paths_of(answer.at("excluded_dirs"));
    return runtime;
}

} // namespace

std::optional<std::filesystem::path> find_on_path(const std::string& program) {
    const char* path_variable = std::getenv("PATH");
    std::string_view remaining = path_variable ? path_variable : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const auto colon = remaining.find(':');
        const std::string_view entry = remaining.substr(0, colon);
        const std::filesystem::path candidate =
            std::filesystem::path(entry.empty() ? "." : entry) / program;
        std::error_code error;
        if (std::filesystem::is_regular_file(candidate, error) &&
            access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (colon == std::string_view::npos) return std::nullopt;
        remaining.remove_prefix(colon + 1);
    }
}

python_runtime probe_python(const std::filesystem::path& data_dir) {
    const auto command = find_on_path("python3");
    if (!command) throw bench_error("python3 is not on PATH: the seed suite compares evo with it");
    const std::filesystem::path probe = data_dir / "bench" / "python_runtime.py";
    if (!std::filesystem::is_regular_file(probe))
        throw bench_error(probe.string() + " is missing: is evo installed completely?");
    const process_result answer =
        run_process({command->string(), probe.string()}, output_mode::capture);
    if (answer.exit_code != 0) throw bench_error(describe_failure(command->string(), answer));
    try {
        python_runtime runtime = runtime_from(boost::json::parse(answer.out));
        runtime.command = *command;
        return runtime;
    } catch (const std::exception& error) {
        throw bench_error(probe.string() + " gave an unexpected answer: " + error.what());
    }
}

} // namespace evo::bench
