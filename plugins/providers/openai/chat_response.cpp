#include "chat_response.hpp"

namespace openai {
namespace {

namespace json = boost::json;


[[noreturn]] void malformed(const std::string& where, const std::string& what) {
    throw evo::error(EVO_ERR_PROTOCOL, where + ": " + what);
}

json::object parse_object(std::string_view text, const std::string& where) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) malformed(where, "malformed JSON (" + ec.message() + "): " + preview(text));
    if (!value.is_object()) malformed(where, "expected a JSON object, got: " + preview(text));
    return std::move(value.as_object());
}

void fail_on_server_error(const json::object& answer, const std::string& where) {
    const json::value* error = answer.if_contains("error");
    if (!error) return;
    std::string message = json::serialize(*error);
    if (error->is_object())
        if (const json::value* m = error->as_object().if_contains("message"); m && m->is_string())
            message = std::string(m->as_string());
    throw reported_error(where + ": the server reported an error: " + message,
                         json::serialize(answer));
}

// choices[0], or nullptr when choices is empty (a stream's usage-only event).
const json::object* first_choice(const json::object& answer, const std::string& where) {
    const json::value* choices = answer.if_contains("choices");
    if (!choices || !choices->is_array()) malformed(where, "no \"choices\" array");
    if (choices->as_array().empty()) return nullptr;
    const json::value& choice = choices->as_array().front();
    if (!choice.is_object()) malformed(where, "choices[0] is not an object");
    return &choice.as_object();
}

// The text of choices[0].<part>.content; null or absent is no text.
std::string content_of(const json::object& choice, std::string_view part,
                       const std::string& where) {
    const json::value* holder = choice.if_contains(part);
    if (!holder || holder->is_null()) return {};
    if (!holder->is_object())
        malformed(where, "choices[0]." + std::string(part) + " is not an object");
    const json::value* content = holder->as_object().if_contains("content");
    if (!content || content->is_null()) return {};
    if (!content->is_string())
        malformed(where, "choices[0]." + std::string(part) + ".content is not a string");
    return std::string(content->as_string());
}

uint64_t token_count(const json::object& usage, std::string_view key) {
    const json::value* n = usage.if_contains(key);
    if (n && n->is_uint64()) return n->as_uint64();
    if (n && n->is_int64() && n->as_int64() >= 0) return static_cast<uint64_t>(n->as_int64());
    return 0;
}

// Usage and model when present; the finish reason of `choice`. Returns whether it had one.
bool note_facts(const json::object& answer, const json::object* choice, evo::completion& facts) {
    if (const json::value* usage = answer.if_contains("usage"); usage && usage->is_object()) {
        facts.prompt_tokens = token_count(usage->as_object(), "prompt_tokens");
        facts.completion_tokens = token_count(usage->as_object(), "completion_tokens");
    }
    if (const json::value* model = answer.if_contains("model"); model && model->is_string())
        facts.model = std::string(model->as_string());
    if (!choice) return false;
    const json::value* reason = choice->if_contains("finish_reason");
    if (!reason || !reason->is_string()) return false;
    if (reason->as_string() == "length") facts.truncated = true;
    return true;
}

} // namespace

chat_answer parse_chat_completion(std::string_view body) {
    const std::string where = "the answer";
    json::object answer = parse_object(body, where);
    fail_on_server_error(answer, where);
    const json::object* choice = first_choice(answer, where);
    if (!choice) malformed(where, "\"choices\" is empty");
    chat_answer result;
    result.text = content_of(*choice, "message", where);
    note_facts(answer, choice, result.facts);
    return result;
}

std::string stream_decoder::take(std::string_view data) {
    if (done_) return {};
    ++events_;
    if (data == "[DONE]") {
        done_ = true;
        return {};
    }
    const std::string where = "stream event " + std::to_string(events_);
    json::object event = parse_object(data, where);
    fail_on_server_error(event, where);
    const json::object* choice = first_choice(event, where);
    if (note_facts(event, choice, facts_)) finish_seen_ = true;
    return choice ? content_of(*choice, "delta", where) : std::string();
}

std::string error_detail(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (!ec && value.is_object())
        if (const json::value* error = value.as_object().if_contains("error")) {
            if (error->is_string()) return std::string(error->as_string());
            if (error->is_object())
                if (const json::value* m = error->as_object().if_contains("message");
                    m && m->is_string())
                    return std::string(m->as_string());
        }
    return preview(body);
}

} // namespace openai
