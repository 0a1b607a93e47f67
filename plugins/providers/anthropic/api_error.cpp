#include "api_error.hpp"

#include "json_fields.hpp"

#include <array>
#include <utility>

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

int http_status_of(const std::string& error_type) {
    static constexpr std::array<std::pair<std::string_view, int>, 8> statuses{{
        {"invalid_request_error", 400},
        {"authentication_error", 401},
        {"billing_error", 402},
        {"permission_error", 403},
        {"not_found_error", 404},
        {"request_too_large", 413},
        {"rate_limit_error", 429},
        {"overloaded_error", 529},
    }};
    for (const auto& [type, status] : statuses)
        if (type == error_type) return status;
    return 500; // api_error, timeout_error and types yet to come: the server's trouble
}

std::string describe(const api_error& error) {
    return error.type + ": " + error.message;
}

} // namespace anthropic
