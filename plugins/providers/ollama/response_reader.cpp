#include "response_reader.hpp"

namespace ollama {

evo_status response_reader::receive(void* self, evo_str chunk) noexcept {
    auto& reader = *static_cast<response_reader*>(self);
    try {
        reader.take(evo::view(chunk));
        return EVO_OK;
    } catch (const evo::error& e) {
        reader.stopped_ = e; // the caller's sink said stop
    } catch (const std::exception& e) {
        reader.stopped_ = evo::error(EVO_ERR_INTERNAL, e.what());
    }
    return EVO_ERR_STOPPED;
}

void response_reader::take(std::string_view chunk) {
    bytes_received_ += chunk.size();
    const std::size_t keep = stream_ ? error_excerpt_bytes : max_body_bytes;
    if (body_.size() < keep) body_.append(chunk.substr(0, keep - body_.size()));
    if (!stream_ || malformed_ || server_error_) return;
    try {
        lines_.feed(chunk, [this](std::string_view line) { take_line(line); });
    } catch (const evo::error& e) {
        if (e.status() != EVO_ERR_PROTOCOL) throw;
        malformed_ = e;
    }
}

void response_reader::take_line(std::string_view line) {
    if (malformed_ || server_error_) return;
    answer_line decoded = decoder_.take(line);
    if (decoded.error) {
        server_error_ = std::move(decoded.error);
        return;
    }
    if (decoded.text.empty()) return;
    text_.write(decoded.text);
    if (!text_streamed_) {
        text_streamed_ = true;
        if (first_text_) first_text_();
    }
}

void response_reader::finish() {
    if (stopped_ || malformed_ || server_error_) return;
    try {
        if (stream_) {
            if (!lines_.rest().empty()) take_line(lines_.rest()); // a last line without "\n"
            return;
        }
        if (bytes_received_ > max_body_bytes)
            throw evo::error(EVO_ERR_PROTOCOL,
                             "an answer larger than " + std::to_string(max_body_bytes) + " bytes");
        take_line(body_);
    } catch (const evo::error& e) {
        if (e.status() != EVO_ERR_PROTOCOL) throw;
        malformed_ = e;
    }
}

} // namespace ollama
