#include "provider_kit/sse_parser.hpp"

#include <evo/plugin.hpp>

namespace provider_kit {

void sse_parser::feed(std::string_view bytes, const data_fn& on_data) {
    if (after_cr_ && !bytes.empty() && bytes.front() == '\n') bytes.remove_prefix(1);
    after_cr_ = false;
    while (!bytes.empty()) {
        std::size_t end = bytes.find_first_of("\r\n");
        if (end == std::string_view::npos) {
            if (line_.size() + bytes.size() > max_line_bytes)
                throw evo::error(EVO_ERR_PROTOCOL, "an event-stream line exceeds " +
                                                       std::to_string(max_line_bytes) + " bytes");
            line_.append(bytes);
            return;
        }
        std::size_t next = end + 1;
        if (bytes[end] == '\r') {
            if (next == bytes.size())
                after_cr_ = true;
            else if (bytes[next] == '\n')
                ++next;
        }
        if (line_.empty()) {
            take_line(bytes.substr(0, end), on_data);
        } else {
            line_.append(bytes.substr(0, end));
            std::string line = std::move(line_);
            line_.clear();
            take_line(line, on_data);
        }
        bytes.remove_prefix(next);
    }
}

void sse_parser::take_line(std::string_view line, const data_fn& on_data) {
    if (line.empty()) {
        if (has_data_) {
            std::string data = std::move(data_);
            data_.clear();
            has_data_ = false;
            on_data(data);
        }
        return;
    }
    std::size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    if (field.empty() || field == "data" || field == "event" || field == "id" || field == "retry")
        seen_stream_line_ = true;
    if (field != "data") return;
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
}

} // namespace provider_kit
