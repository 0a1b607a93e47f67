// Receives the body of one answer as it arrives over HTTP.
#pragma once

#include "chat_response.hpp"
#include "line_splitter.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace ollama {

// A stream is cut into lines and decoded as they arrive, its text passed on at once; a plain
// body is kept whole. What goes wrong while reading (a malformed line, an {"error"} line, the
// caller refusing more text) is kept. Only the caller's refusal stops the transfer: an error
// answer's body is read to its end, so that its HTTP status is known.
class response_reader {
  public:
    // A plain body (or an error body) larger than this is refused.
    static constexpr std::size_t max_body_bytes = 32u << 20;

    // `first_text` is called once, when text first reaches the caller.
    response_reader(bool stream, const evo::sink& text, std::function<void()> first_text)
        : stream_(stream), text_(text), first_text_(std::move(first_text)) {}
    response_reader(const response_reader&) = delete;
    response_reader& operator=(const response_reader&) = delete;

    // The sink to give host HTTP as the body's receiver.
    evo::sink body_sink() noexcept { return evo::sink(&receive, this); }

    // After the transfer: decodes a plain body, or the stream's last line without a newline.
    void finish();

    const std::optional<evo::error>& stopped() const noexcept { return stopped_; }
    const std::optional<evo::error>& malformed() const noexcept { return malformed_; }
    const std::optional<std::string>& server_error() const noexcept { return server_error_; }
    bool text_streamed() const noexcept { return text_streamed_; }
    std::size_t bytes_received() const noexcept { return bytes_received_; }
    // The body as received (a stream's only its first error_excerpt_bytes: for messages).
    const std::string& body() const noexcept { return body_; }
    const answer_decoder& decoder() const noexcept { return decoder_; }

  private:
    static constexpr std::size_t error_excerpt_bytes = 4096;

    static evo_status receive(void* self, evo_str chunk) noexcept;
    void take(std::string_view chunk);
    void take_line(std::string_view line);

    bool stream_;
    const evo::sink& text_;
    std::function<void()> first_text_;
    line_splitter lines_;
    answer_decoder decoder_;
    std::string body_;
    std::size_t bytes_received_ = 0;
    bool text_streamed_ = false;
    std::optional<evo::error> stopped_;
    std::optional<evo::error> malformed_;
    std::optional<std::string> server_error_;
};

} // namespace ollama
