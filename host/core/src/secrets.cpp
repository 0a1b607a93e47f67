#include "secrets.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

extern char** environ;

namespace evo::host {
namespace {

constexpr std::size_t shortest_secret = 8;

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool names_secret(std::string_view name, std::initializer_list<std::string_view> words) {
    const std::string lower = lowercase(name);
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

bool secret_key(std::string_view key) {
    return names_secret(key, {"api_key", "apikey", "token", "secret", "password"});
}

bool secret_variable(std::string_view name) {
    return names_secret(name, {"key", "token", "secret", "password"});
}

void add(std::string_view value, std::vector<std::string>& into) {
    if (value.size() < shortest_secret) return;
    if (std::find(into.begin(), into.end(), value) == into.end()) into.emplace_back(value);
}

// Longest first: a secret that contains another is replaced whole.
void longest_first(std::vector<std::string>& secrets) {
    std::stable_sort(secrets.begin(), secrets.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

// Every string under `value`; all of them when `secret` (the value of a secret key).
void walk(const boost::json::value& value, bool secret, std::vector<std::string>& into) {
    if (const auto* s = value.if_string()) {
        if (secret) add(*s, into);
    } else if (const auto* a = value.if_array()) {
        for (const auto& element : *a)
            walk(element, secret, into);
    } else if (const auto* o = value.if_object()) {
        for (const auto& [key, element] : *o)
            walk(element, secret || secret_key(key), into);
    }
}

} // namespace

void collect_environment_secrets(std::vector<std::string>& into) {
    for (char** entry = environ; *entry; ++entry) {
        std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos && secret_variable(text.substr(0, eq)))
            add(text.substr(eq + 1), into);
    }
    longest_first(into);
}

void collect_secrets(const boost::json::value& config, std::vector<std::string>& into) {
    walk(config, false, into);
    longest_first(into);
}

std::string redact_secrets(std::string text, const std::vector<std::string>& secrets) {
    static constexpr std::string_view mark = "[redacted]";
    for (const auto& secret : secrets)
        for (auto at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + mark.size()))
            text.replace(at, secret.size(), mark);
    return text;
}

} // namespace evo::host
