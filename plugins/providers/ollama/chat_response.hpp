// Reading Ollama's chat answers: each NDJSON line of a stream, or a whole non-streamed body
// (one object of the same form).
#pragma once

#include "provider_kit/preview.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ollama {

struct answer_line {
    std::string text;                 // what the line adds (often empty)
    std::optional<std::string> error; // the server's {"error": "..."}: never text
};

// Interprets the objects of an answer, in order. A line after the done line is ignored.
class answer_decoder {
  public:
    // Throws evo::error(EVO_ERR_PROTOCOL) naming what is malformed.
    answer_line take(std::string_view line);

    bool done() const noexcept { return done_; }
    std::size_t lines() const noexcept { return lines_; }
    // Usage (prompt_eval_count, eval_count), model, truncated (done_reason "length").
    const evo::completion& facts() const noexcept { return facts_; }
    // Ollama's prompt_eval_count, when the done line gave it.
    std::optional<uint64_t> prompt_eval_count() const noexcept { return prompt_eval_count_; }

  private:
    evo::completion facts_;
    std::optional<uint64_t> prompt_eval_count_;
    std::size_t lines_ = 0;
    bool done_ = false;
};

// The server's message from an error body ({"error": "..."}), else a preview of the body.
std::string error_detail(std::string_view body);

using provider_kit::preview;

} // namespace ollama
