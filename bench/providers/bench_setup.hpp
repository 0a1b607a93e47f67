// What both rows of bench-providers share: the programs, the server, where files go, and how
// many times to measure.
#pragma once

#include "fake_llm_server.hpp"

#include <filesystem>

namespace evo::providers_bench {

struct bench_setup {
    std::filesystem::path evo;
    std::filesystem::path curl;
    std::filesystem::path scratch; // manifests, the request file, the server's log
    fake_llm_server* server = nullptr;
    int runs = 50; // requests timed per side (gen), batches timed (runs / 10, at least 1)
    int warmup = 5;
};

} // namespace evo::providers_bench
