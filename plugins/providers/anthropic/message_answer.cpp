#include "message_answer.hpp"

#include "json_fields.hpp"

namespace anthropic {

void note_usage(const boost::json::object& usage, evo::completion& facts) {
    if (usage.contains("input_tokens"))
        facts.prompt_tokens = count_field(usage, "input_tokens") +
                              count_field(usage, "cache_creation_input_tokens") +
                              count_field(usage, "cache_read_input_tokens");
    if (usage.contains("output_tokens"))
        facts.completion_tokens = count_field(usage, "output_tokens");
}

message_answer parse_message(std::string_view body) {
    const std::string where = "the answer";
    boost::json::object answer = parse_object(body, where);
    message_answer result;
    if ((result.error = api_error_of(answer))) return result;
    const boost::json::value* content = answer.if_contains("content");
    if (!content || !content->is_array())
        throw evo::error(EVO_ERR_PROTOCOL, where + ": no \"content\" array: " + preview(body));
    for (const boost::json::value& block : content->as_array())
        if (const boost::json::object* b = block.if_object();
            b && string_field(*b, "type") == "text")
            result.text += string_field(*b, "text");
    result.stop_reason = string_field(answer, "stop_reason");
    result.facts.truncated = result.stop_reason == "max_tokens";
    result.facts.model = string_field(answer, "model");
    if (const boost::json::object* usage = object_field(answer, "usage"))
        note_usage(*usage, result.facts);
    return result;
}

} // namespace anthropic
