// Real Python files, broken in small ways: a deterministic sample of the standard library,
// each module as it is and with one character deleted, one line deleted, one line indented
// by one space, and cut off at some point.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace evo::test {

struct corpus_file {
    std::filesystem::path path;
    std::string text;
    std::string origin; // e.g. "json/decoder.py with line 12 deleted"
};

std::vector<corpus_file> write_mutated_corpus(const std::filesystem::path& stdlib,
                                              const std::filesystem::path& directory,
                                              std::size_t modules);

} // namespace evo::test
