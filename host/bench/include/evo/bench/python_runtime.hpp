// The machine's python3, as the seed suite runs and sizes it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::bench {

struct python_runtime {
    std::filesystem::path command;    // python3 as found on PATH (may be a pyenv shim)
    std::filesystem::path executable; // sys.executable: the interpreter runs are measured with
    std::string implementation;       // "CPython"
    std::string version;              // "3.11.7"
    std::filesystem::path libpython;  // the shared runtime it maps; empty when linked in
    std::vector<std::filesystem::path> stdlib_dirs;
    std::vector<std::filesystem::path> excluded_dirs; // site-packages, the stdlib's test suite
};

std::optional<std::filesystem::path> find_on_path(const std::string& program);

// Finds python3 on PATH and asks it (share/evo/bench/python_runtime.py) what it is. Runs are
// measured with sys.executable directly, so a launcher such as a pyenv shim does not add its
// own start-up to Python's. Throws bench_error.
python_runtime probe_python(const std::filesystem::path& data_dir);

} // namespace evo::bench
