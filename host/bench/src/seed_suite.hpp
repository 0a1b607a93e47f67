// The seed suite: each row of the seed's table, measured on both sides.
#pragma once

#include "progress.hpp"
#include "report.hpp"

#include <filesystem>
#include <vector>

namespace evo::bench {

struct seed_setup {
    std::filesystem::path data_dir;
    std::filesystem::path plugin_dir;
    std::filesystem::path self_exe;
    int runs = 0;
};

// Fills the python and evo fields of `environment`. After Ctrl-C it finishes the current run
// and returns the rows measured so far. Throws bench_error when a run fails.
std::vector<bench_row> measure_seed_suite(const seed_setup& setup, run_environment& environment,
                                          progress_line& progress);

} // namespace evo::bench
