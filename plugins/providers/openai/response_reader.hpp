// Receives the body of one answer as it arrives over HTTP.
#pragma once

#include "chat_response.hpp"
#include "provider_kit/sse_parser.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace openai {

// A stream is decoded event by event and its text passed on at once; a plain body is kept
// whole. What goes wrong while reading (a malformed event, the caller refusing more text) is
// kept, and the transfer stopped, so the caller can tell it apart from a transport failure.
class response_reader {
  public:
    // A plain body (or an error body) larger than this is refused.
    static constexpr std::size_t max_body_bytes = 32u << 20;

    // `on_first_text` runs once, when the answer's text starts (a plain body's first byte).
    response_reader(bool stream, const evo::sink& text, std::function<void()> on_first_text = {})
        : stream_(stream), text_(text), on_first_text_(std::move(on_first_text)) {}
    response_reader(const response_reader&) = delete;
    response_reader& operator=(const response_reader&) = delete;

    // The sink to give host HTTP as the body's receiver.
    evo::sink body_sink() noexcept { return evo::sink(&receive, this); }

    const std::optional<evo::error>& failure() const noexcept { return failure_; }
    // The JSON of an error object the server sent instead of text, when that was the failure.
    const std::optional<std::string>& reported_error_json() const noexcept { return reported_; }
    bool text_streamed() const noexcept { return text_streamed_; }
    std::size_t bytes_received() const noexcept { return bytes_received_; }
    // The body as received (a stream's only up to error_excerpt_bytes: for error messages).
    const std::string& body() const noexcept { return body_; }

    enum class stream_end { complete, early, not_a_stream };
    stream_end stream_ending() const noexcept;
    std::size_t events() const noexcept { return decoder_.events(); }
    const evo::completion& stream_facts() const noexcept { return decoder_.facts(); }

  private:
    static constexpr std::size_t error_excerpt_bytes = 4096;

    static evo_status receive(void* self, evo_str chunk) noexcept;
    void take(std::string_view chunk);

    bool stream_;
    const evo::sink& text_;
    void first_text();

    std::function<void()> on_first_text_;
    bool first_text_seen_ = false;
    provider_kit::sse_parser events_;
    stream_decoder decoder_;
    std::string body_;
    std::size_t bytes_received_ = 0;
    bool text_streamed_ = false;
    std::optional<evo::error> failure_;
    std::optional<std::string> reported_;
};

} // namespace openai
