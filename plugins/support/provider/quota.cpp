#include "provider_kit/failure.hpp"
#include "error_words.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace provider_kit {
namespace {

namespace json = boost::json;

// Codes OpenAI and compatible servers use for an account that cannot pay for more.
constexpr std::array<std::string_view, 4> exhausted_codes = {
    "insufficient_quota", "billing_hard_limit_reached", "billing_not_active",
    "insufficient_balance"};

bool is_exhausted_code(const json::value* v) {
    if (!v || !v->is_string()) return false;
    std::string_view code = v->as_string();
    return std::find(exhausted_codes.begin(), exhausted_codes.end(), code) != exhausted_codes.end();
}

bool error_code_says_so(std::string_view body) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec || !doc.is_object()) return false;
    const json::value* error = doc.as_object().if_contains("error");
    if (!error || !error->is_object()) return false;
    return is_exhausted_code(error->as_object().if_contains("code")) ||
           is_exhausted_code(error->as_object().if_contains("type"));
}

using detail::lowercase;
using detail::mentions_any;

// Servers without OpenAI's codes: "quota exceeded", "billing", "credit balance is too low".
// A body about a rate limit (a quota per minute is one in other words) passes with time, even
// when it also points at a billing page to raise the limit.
bool words_say_so(std::string_view body) {
    std::string text = lowercase(body);
    if (text.find("insufficient_quota") != std::string::npos) return true;
    if (mentions_any(text, {"rate limit", "per minute", "per second", "per hour"})) return false;
    if (mentions_any(text, {"billing", "credit balance", "out of credits", "insufficient credits",
                            "insufficient balance"}))
        return true;
    return text.find("quota") != std::string::npos &&
           mentions_any(text, {"exceeded", "exhausted", "insufficient", "used up"});
}

} // namespace

bool quota_exhausted(int http_status, std::string_view body) {
    // 429 (OpenAI), 400 (Anthropic's "credit balance is too low"), 402 (payment required),
    // 403 (billing not active): never a 5xx, whose body may mention anything.
    if (http_status != 429 && http_status != 403 && http_status != 400 && http_status != 402)
        return false;
    return error_code_says_so(body) || words_say_so(body);
}

} // namespace provider_kit
