// The rows that time the evo binary itself: a cached `evo gen` beside `evo --version`, and a
// first and a second `evo validate` of the standard library through a persistent cache.
#pragma once

#include "scale_row.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace evo::scale_bench {

struct evo_setup {
    std::filesystem::path evo;
    std::filesystem::path scratch;  // manifests and caches go here
    std::filesystem::path data_dir; // share/evo: the replay cassette
    int runs = 20;
    int warmup = 2;
};

// How many times a row that takes seconds (a whole validate) is measured for its median: 3, or
// 1 with --quick's handful of runs.
inline int repetitions(const evo_setup& s) { return s.runs >= 10 ? 3 : 1; }

// `evo gen` answered from the sqlite cache (its default file, under the XDG_CACHE_HOME the
// caller pointed at the scratch directory): one run fills it, then `runs` rounds each time
// `evo --version` and the cached gen.
scale_rows cached_gen_rows(const evo_setup& setup);

// `evo validate` of `files` with a sqlite cache in the scratch directory: the median of
// repetitions() first runs, each on an empty cache, then the median of runs/5 second runs.
scale_rows revalidate_rows(const evo_setup& setup, const std::vector<std::string>& files);

// Wall milliseconds of one run of argv; throws std::runtime_error naming the command when it
// exits with another code than one of `accepted`.
double timed_ms(const std::vector<std::string>& argv, const std::vector<int>& accepted = {0});

} // namespace evo::scale_bench
