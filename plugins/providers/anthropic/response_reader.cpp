#include "response_reader.hpp"

namespace anthropic {

evo_status response_reader::receive(void* self, evo_str chunk) noexcept {
    auto& reader = *static_cast<response_reader*>(self);
    try {
        return reader.take(evo::view(chunk)) ? EVO_OK : EVO_ERR_STOPPED;
    } catch (const evo::error& e) {
        reader.failure_ = e;
    } catch (const std::bad_alloc&) {
        reader.failure_ = evo::error(EVO_ERR_INTERNAL, "out of memory while reading the answer");
    } catch (const std::exception& e) {
        reader.failure_ = evo::error(EVO_ERR_INTERNAL, e.what());
    }
    return EVO_ERR_STOPPED;
}

bool response_reader::take(std::string_view chunk) {
    bytes_received_ += chunk.size();
    if (!stream_) {
        if (body_.size() + chunk.size() > max_body_bytes)
            throw evo::error(EVO_ERR_PROTOCOL,
                             "the answer exceeds " + std::to_string(max_body_bytes) + " bytes");
        body_.append(chunk);
        return true;
    }
    if (body_.size() < error_excerpt_bytes)
        body_.append(chunk.substr(0, error_excerpt_bytes - body_.size()));
    // The kit's parser passes on the data alone; Anthropic's data repeats the event's name
    // as its "type", which names it for the decoder.
    events_.feed(chunk, [this](std::string_view data) {
        std::string text = decoder_.take({}, data);
        if (text.empty()) return;
        if (!text_streamed_) exchange_.text_arrived();
        text_streamed_ = true;
        text_.write(text);
    });
    return !decoder_.error();
}

} // namespace anthropic
