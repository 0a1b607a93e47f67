#pragma once

#include "match_key.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace replay {

// A recorded answer.
struct cassette_entry {
    std::string response;
    std::uint64_t prompt_tokens = 0;
    std::uint64_t completion_tokens = 0;
    std::string model; // empty when the line does not say
};

struct keyed_entry {
    std::string key;
    cassette_entry entry;
};

// Parses one JSONL line: {"request": {...}, "response": "...", "usage": {...}, "model": "..."}
// (usage and model optional). Throws std::invalid_argument saying what is wrong.
keyed_entry parse_cassette_line(std::string_view line, match_mode mode);

// The line (with its trailing newline) that parse_cassette_line reads back.
std::string format_cassette_line(const boost::json::object& request, const cassette_entry& entry);

} // namespace replay
