// The seed's workloads in C++; share/bench/seed/NAME.py holds each one's Python twin.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace evo::bench {

struct seed_workload {
    std::string_view name;  // also the Python program's file name, without .py
    std::string_view title; // the table's label, sizes included
    std::string (*run)();   // does the work and returns its checksum
};

std::span<const seed_workload> seed_workloads();
const seed_workload* find_seed_workload(std::string_view name);

} // namespace evo::bench
