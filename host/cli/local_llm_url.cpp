#include "local_llm_url.hpp"

#include <evo/host/error.hpp>
#include <evo/host/http.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace evo::cli {
namespace {

[[noreturn]] void refuse(const std::string& url, const std::string& why) {
    throw host::config_error("--local-llm '" + url + "': " + why);
}

bool url_character(unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("-._~:/?#[]@!&'()*+,;=%").find(static_cast<char>(c)) !=
               std::string_view::npos;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

bool loopback(std::string_view host, bool bracketed) {
    const std::string text(host);
    if (bracketed) {
        in6_addr v6{};
        return inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
    }
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "localhost") return true;
    in_addr v4{};
    return inet_pton(AF_INET, text.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

} // namespace

void check_local_llm_url(const std::string& url) {
    if (url.empty()) refuse(url, "an empty URL");
    if (auto bad =
            std::find_if_not(url.begin(), url.end(),
                             [](char c) { return url_character(static_cast<unsigned char>(c)); });
        bad != url.end())
        refuse(url, std::string("the character '") + *bad + "' has no place in a URL here");
    std::string_view rest = url;
    if (starts_with_nocase(rest, "http://"))
        rest.remove_prefix(7);
    else if (starts_with_nocase(rest, "https://"))
        rest.remove_prefix(8);
    else
        refuse(url, "not an http:// or https:// URL");
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos)
        refuse(url, "a user name or password has no place in the manifest (an API key goes in "
                    "api_key, from the environment)");
    std::string_view host = authority, port;
    const bool bracketed = authority.starts_with('[');
    if (bracketed) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) refuse(url, "an IPv6 address without its ']'");
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) refuse(url, "text after the IPv6 address");
        if (!after.empty()) port = after.substr(1);
        in6_addr v6{};
        if (inet_pton(AF_INET6, std::string(host).c_str(), &v6) != 1)
            refuse(url, "'" + std::string(host) + "' is not an IPv6 address");
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (port.empty()) refuse(url, "a ':' without a port");
    }
    if (host.empty()) refuse(url, "no host");
    if (!bracketed && std::any_of(host.begin(), host.end(), [](unsigned char c) {
            return !std::isalnum(c) && c != '.' && c != '-';
        }))
        refuse(url, "'" + std::string(host) + "' is not a host name");
    if (!port.empty()) {
        const bool digits =
            port.size() <= 5 &&
            std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
        if (!digits || std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
            refuse(url, "'" + std::string(port) + "' is not a port (1-65535)");
    }
    if (!loopback(host, bracketed) && !host::remote_http_allowed())
        refuse(url, "'" + std::string(host) +
                        "' is not this machine, and evo talks only to loopback (localhost, "
                        "127.0.0.1, [::1]) unless EVO_ALLOW_REMOTE_HTTP=1 is set");
}

} // namespace evo::cli
