#include "chat_response.hpp"

#include <boost/json.hpp>

namespace ollama {
namespace {

namespace json = boost::json;


[[noreturn]] void malformed(const std::string& what) {
    throw evo::error(EVO_ERR_PROTOCOL, "malformed answer: " + what);
}

std::string error_text(const json::value& error) {
    if (error.is_string()) return std::string(error.as_string());
    if (error.is_object())
        if (const json::value* m = error.as_object().if_contains("message"); m && m->is_string())
            return std::string(m->as_string());
    return json::serialize(error);
}

uint64_t count(const json::object& line, std::string_view key) {
    const json::value* value = line.if_contains(key);
    if (!value || value->is_null()) return 0;
    boost::system::error_code ec;
    uint64_t n = value->to_number<uint64_t>(ec);
    if (ec) malformed(std::string(key) + " is not a count: " + json::serialize(*value));
    return n;
}

} // namespace

answer_line answer_decoder::take(std::string_view line) {
    ++lines_;
    answer_line out;
    if (done_) return out;
    boost::system::error_code ec;
    json::value value = json::parse(line, ec);
    if (ec) malformed("invalid JSON (" + ec.message() + "): " + preview(line));
    if (!value.is_object()) malformed("expected a JSON object, got: " + preview(line));
    const json::object& fields = value.as_object();
    if (const json::value* error = fields.if_contains("error"); error && !error->is_null()) {
        out.error = error_text(*error);
        return out;
    }
    if (const json::value* model = fields.if_contains("model"); model && model->is_string())
        facts_.model = std::string(model->as_string());
    const json::value* message = fields.if_contains("message");
    if (message && !message->is_null()) {
        const json::value* content =
            message->is_object() ? message->as_object().if_contains("content") : nullptr;
        if (content && !content->is_string() && !content->is_null())
            malformed("message.content is not a string: " + preview(line));
        if (content && content->is_string()) out.text = std::string(content->as_string());
    }
    const json::value* done = fields.if_contains("done");
    if (!done || !done->is_bool()) malformed("no \"done\" flag: " + preview(line));
    if (done->as_bool()) {
        done_ = true;
        if (fields.contains("prompt_eval_count"))
            prompt_eval_count_ = count(fields, "prompt_eval_count");
        facts_.prompt_tokens = count(fields, "prompt_eval_count");
        facts_.completion_tokens = count(fields, "eval_count");
        const json::value* reason = fields.if_contains("done_reason");
        facts_.truncated = reason && reason->is_string() && reason->as_string() == "length";
    }
    return out;
}

std::string error_detail(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (!ec && value.is_object())
        if (const json::value* error = value.as_object().if_contains("error"))
            return error_text(*error);
    return preview(body);
}

} // namespace ollama
