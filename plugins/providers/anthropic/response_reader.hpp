// Receives the body of one answer as it arrives over HTTP.
#pragma once

#include "message_stream.hpp"

#include "provider_kit/exchange.hpp"
#include "provider_kit/sse_parser.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace anthropic {

// A stream is decoded event by event and its text passed on at once; a plain body is kept
// whole. What goes wrong while reading (a malformed event, the caller refusing more text) is
// kept, and the transfer stopped, so the caller can tell it apart from a transport failure;
// so does an `error` event, whose content the decoder keeps.
class response_reader {
  public:
    // A plain body (or an error body) larger than this is refused.
    static constexpr std::size_t max_body_bytes = 32u << 20;

    // `exchange` hears when text first reaches the caller (it lifts the first-token limit).
    response_reader(bool stream, const evo::sink& text, provider_kit::exchange& exchange) noexcept
        : stream_(stream), text_(text), exchange_(exchange) {}
    response_reader(const response_reader&) = delete;
    response_reader& operator=(const response_reader&) = delete;

    // The sink to give the exchange as the body's receiver.
    evo::sink body_sink() noexcept { return evo::sink(&receive, this); }

    const std::optional<evo::error>& failure() const noexcept { return failure_; }
    bool text_streamed() const noexcept { return text_streamed_; }
    std::size_t bytes_received() const noexcept { return bytes_received_; }
    // The body as received (a stream's only up to error_excerpt_bytes: for error messages).
    const std::string& body() const noexcept { return body_; }
    const message_stream& events() const noexcept { return decoder_; }
    // Bytes came but nothing in them looked like an event stream (e.g. a JSON document).
    bool not_a_stream() const noexcept {
        return bytes_received_ > 0 && !events_.seen_stream_line();
    }

  private:
    static constexpr std::size_t error_excerpt_bytes = 4096;

    static evo_status receive(void* self, evo_str chunk) noexcept;
    // False once the answer has said all it will (an error event): the transfer stops.
    bool take(std::string_view chunk);

    bool stream_;
    const evo::sink& text_;
    provider_kit::exchange& exchange_;
    provider_kit::sse_parser events_;
    message_stream decoder_;
    std::string body_;
    std::size_t bytes_received_ = 0;
    bool text_streamed_ = false;
    std::optional<evo::error> failure_;
};

} // namespace anthropic
