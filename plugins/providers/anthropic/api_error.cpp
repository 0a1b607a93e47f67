#include "api_error.hpp"

#include "json_fields.hpp"
namespace anthropic {

std::optional<api_error> api_error_of(const boost::json::object& answer) {
    if (string_field(answer, "type") != "error" && !answer.contains("error")) return std::nullopt;
    api_error error{"", ""};
    if (const boost::json::object* detail = object_field(answer, "error")) {
        error.type = string_field(*detail, "type");
        error.message = string_field(*detail, "message");
    }
    if (error.type.empty()) error.type = "api_error";
    if (error.message.empty()) error.message = "(no message)";
    return error;
}

std::string describe(const api_error& error) {
    return error.type + ": " + error.message;
}

} // namespace anthropic
