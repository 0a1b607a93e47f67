#include "retry_policy.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

namespace openai {
namespace {

milliseconds backoff(const retry_settings& settings, int retries_done, double jitter) {
    // Doubling stops once past the cap, long before the count could overflow.
    milliseconds ceiling = settings.base;
    for (int i = 0; i < retries_done && ceiling < settings.max; ++i)
        ceiling *= 2;
    ceiling = std::min(ceiling, settings.max);
    auto half = ceiling / 2;
    return half +
           milliseconds(static_cast<milliseconds::rep>(
               static_cast<double>((ceiling - half).count()) * std::clamp(jitter, 0.0, 1.0)));
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view value) {
    static constexpr const char* formats[] = {
        "%a, %d %b %Y %H:%M:%S GMT", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "%A, %d-%b-%y %H:%M:%S GMT", // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
        "%a %b %e %H:%M:%S %Y"};     // asctime:     Sun Nov  6 08:49:37 1994
    for (const char* format : formats) {
        std::tm fields{};
        std::istringstream in{std::string(value)};
        in.imbue(std::locale::classic());
        in >> std::get_time(&fields, format);
        if (in.fail()) continue;
        std::time_t time = timegm(&fields); // normalises the fields and sets the weekday
        // get_time accepts a prefix of the format; printing the date back must give the input.
        std::ostringstream out;
        out.imbue(std::locale::classic());
        out << std::put_time(&fields, format);
        if (out.str() == value) return std::chrono::system_clock::from_time_t(time);
    }
    return std::nullopt;
}

} // namespace

failure_kind classify_http_status(int status) noexcept {
    if (status == 429) return failure_kind::rate_limited;
    if (status >= 500 && status <= 599 && status != 501) return failure_kind::transient;
    return failure_kind::final;
}

std::optional<milliseconds> retry_delay(const retry_settings& settings, int retries_done,
                                        const failed_attempt& failure, double jitter) {
    if (failure.kind == failure_kind::final || failure.text_streamed ||
        retries_done >= settings.max_retries)
        return std::nullopt;
    if (failure.kind == failure_kind::rate_limited && failure.retry_after)
        return std::clamp(*failure.retry_after, milliseconds(0), settings.max);
    return backoff(settings, retries_done, jitter);
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        unsigned long long seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        // Too many digits to count is simply "very long"; the caller caps it anyway.
        constexpr unsigned long long longest = 1ull << 32;
        if (ec == std::errc::result_out_of_range || seconds > longest) seconds = longest;
        return std::chrono::duration_cast<milliseconds>(std::chrono::seconds(seconds));
    }
    auto date = parse_http_date(value);
    if (!date) return std::nullopt;
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*date - now));
}

} // namespace openai
