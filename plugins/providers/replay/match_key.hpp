#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace replay {

// What of a request must be equal for a cassette entry to answer it.
enum class match_mode {
    messages, // the whole messages array
    prompt    // only the content of the last user message
};

// "messages" or "prompt"; throws std::invalid_argument otherwise.
match_mode parse_match_mode(std::string_view name);
std::string_view match_mode_name(match_mode mode);

// The key a request is indexed under. Throws std::invalid_argument naming what is missing
// when the request has no messages array (or, for prompt, no user message with text).
std::string match_key(const boost::json::object& request, match_mode mode);

// The content of the last user message, or "" when there is none (for error messages).
std::string_view last_user_prompt(const boost::json::object& request);

} // namespace replay
