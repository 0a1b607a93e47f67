// A whole (non-streamed) Messages answer.
#pragma once

#include "api_error.hpp"

#include <evo/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace anthropic {

struct message_answer {
    std::string text;               // the text blocks of "content", joined
    evo::completion facts;          // usage, model, truncated (stop_reason "max_tokens")
    std::string stop_reason;        // end_turn, max_tokens, stop_sequence, refusal, ...
    std::optional<api_error> error; // set when the body is an error object (inside a 200)
};

// Throws evo::error(EVO_ERR_PROTOCOL) naming what is malformed or missing.
message_answer parse_message(std::string_view body);

// Anthropic's usage ({input_tokens, output_tokens, cache_*_input_tokens}) into `facts`: the
// cached prompt tokens are prompt tokens too. Members absent from `usage` leave facts alone.
void note_usage(const boost::json::object& usage, evo::completion& facts);

} // namespace anthropic
