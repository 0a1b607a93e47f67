// Cassette files and normalized requests for the replay tests.
#pragma once

#include "scratch_dir.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace replay_test {

using evo::test::scratch_dir;

inline boost::json::object request(std::string_view prompt,
                                   std::string_view system = "You write code.") {
    return {{"model", "test-model"},
            {"messages",
             {{{"role", "system"}, {"content", system}}, {{"role", "user"}, {"content", prompt}}}},
            {"temperature", 0},
            {"max_tokens", 512},
            {"language", "python"}};
}

inline std::string request_json(std::string_view prompt,
                                std::string_view system = "You write code.") {
    return boost::json::serialize(request(prompt, system));
}

inline std::string exchange_line(std::string_view prompt, std::string_view response,
                                 std::string_view system = "You write code.") {
    boost::json::object line{{"request", request(prompt, system)}, {"response", response}};
    return boost::json::serialize(line) + "\n";
}

inline void write_file(const std::string& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace replay_test
