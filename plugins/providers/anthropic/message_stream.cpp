#include "message_stream.hpp"

#include "json_fields.hpp"
#include "message_answer.hpp"

namespace anthropic {

std::string message_stream::take(std::string_view event, std::string_view data) {
    if (finished_ || error_) return {};
    ++events_;
    std::string where = "stream event " + std::to_string(events_);
    if (!event.empty()) where += " (" + std::string(event) + ")";
    boost::json::object payload = parse_object(data, where);
    std::string name = event.empty() ? string_field(payload, "type") : std::string(event);
    if (name == "error") {
        error_ = api_error_of(payload).value_or(api_error{"api_error", preview(data)});
    } else if (name == "message_start") {
        message_started(payload, where);
    } else if (name == "content_block_delta") {
        if (const boost::json::object* delta = object_field(payload, "delta");
            delta && string_field(*delta, "type") == "text_delta")
            return string_field(*delta, "text");
    } else if (name == "message_delta") {
        message_delta(payload);
    } else if (name == "message_stop") {
        finished_ = true;
    }
    return {};
}

void message_stream::message_started(const boost::json::object& event, const std::string& where) {
    const boost::json::object* message = object_field(event, "message");
    if (!message) throw evo::error(EVO_ERR_PROTOCOL, where + ": no \"message\" object");
    facts_.model = string_field(*message, "model");
    if (const boost::json::object* usage = object_field(*message, "usage"))
        note_usage(*usage, facts_);
}

void message_stream::message_delta(const boost::json::object& event) {
    if (const boost::json::object* delta = object_field(event, "delta")) {
        std::string reason = string_field(*delta, "stop_reason");
        if (!reason.empty()) stop_reason_ = reason;
        facts_.truncated = stop_reason_ == "max_tokens";
    }
    // Output tokens so far; input_tokens, when present, the final prompt count.
    if (const boost::json::object* usage = object_field(event, "usage")) note_usage(*usage, facts_);
}

} // namespace anthropic
