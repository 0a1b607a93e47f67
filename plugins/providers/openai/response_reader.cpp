#include "response_reader.hpp"

#include <algorithm>

namespace openai {

evo_status response_reader::receive(void* self, evo_str chunk) noexcept {
    auto& reader = *static_cast<response_reader*>(self);
    try {
        reader.take(evo::view(chunk));
        return EVO_OK;
    } catch (const reported_error& e) {
        reader.failure_ = e;
        reader.reported_ = e.json();
    } catch (const evo::error& e) {
        reader.failure_ = e;
    } catch (const std::bad_alloc&) {
        reader.failure_ = evo::error(EVO_ERR_INTERNAL, "out of memory while reading the answer");
    } catch (const std::exception& e) {
        reader.failure_ = evo::error(EVO_ERR_INTERNAL, e.what());
    }
    return EVO_ERR_STOPPED;
}

void response_reader::take(std::string_view chunk) {
    bytes_received_ += chunk.size();
    if (!stream_) {
        if (!chunk.empty()) first_text();
        if (body_.size() + chunk.size() > max_body_bytes)
            throw evo::error(EVO_ERR_PROTOCOL,
                             "the answer exceeds " + std::to_string(max_body_bytes) + " bytes");
        body_.append(chunk);
        return;
    }
    if (body_.size() < error_excerpt_bytes)
        body_.append(chunk.substr(0, error_excerpt_bytes - body_.size()));
    events_.feed(chunk, [this](std::string_view data) {
        std::string text = decoder_.take(data);
        if (text.empty()) return;
        first_text();
        text_streamed_ = true;
        text_.write(text);
    });
}

void response_reader::first_text() {
    if (first_text_seen_) return;
    first_text_seen_ = true;
    if (on_first_text_) on_first_text_();
}

response_reader::stream_end response_reader::stream_ending() const noexcept {
    if (decoder_.finished()) return stream_end::complete;
    return bytes_received_ > 0 && !events_.seen_stream_line() ? stream_end::not_a_stream
                                                              : stream_end::early;
}

} // namespace openai
