#include "provider_kit/retry_after.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

namespace provider_kit {
namespace {

using std::chrono::milliseconds;

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

} // namespace provider_kit
