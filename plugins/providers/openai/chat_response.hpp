// Reading OpenAI chat-completion answers: a whole JSON body, or the events of a stream.
#pragma once

#include "provider_kit/preview.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace openai {

// An error object the server sent inside a 2xx answer or as a stream event ({"error": ...}):
// an error, never text. Carries the JSON so the provider kit can classify it.
class reported_error : public evo::error {
  public:
    reported_error(const std::string& message, std::string json)
        : evo::error(EVO_ERR_UNAVAILABLE, message), json_(std::move(json)) {}
    const std::string& json() const noexcept { return json_; }

  private:
    std::string json_;
};

struct chat_answer {
    std::string text;
    evo::completion facts; // usage, model, truncated
};

// A non-streamed answer. Throws evo::error: EVO_ERR_PROTOCOL naming what is malformed or
// missing, reported_error when the body is the server's error object.
chat_answer parse_chat_completion(std::string_view body);

// Interprets the data of each event of a streamed answer, in order.
class stream_decoder {
  public:
    // The text this event adds (often empty). Throws evo::error as parse_chat_completion.
    std::string take(std::string_view data);

    // Whether the stream said it was complete: [DONE] or a finish_reason.
    bool finished() const noexcept { return done_ || finish_seen_; }
    std::size_t events() const noexcept { return events_; }
    const evo::completion& facts() const noexcept { return facts_; }

  private:
    evo::completion facts_;
    std::size_t events_ = 0;
    bool done_ = false;
    bool finish_seen_ = false;
};

// The server's message from an error body ({"error": {"message": ...}}), else a preview.
std::string error_detail(std::string_view body);

using provider_kit::preview;

} // namespace openai
