#include "redis_address.hpp"

#include <evo/plugin.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <vector>

namespace evo_redis {
namespace {

evo::error bad_url(std::string_view url, std::string_view why) {
    return evo::error(EVO_ERR_INVALID_ARGUMENT,
                      "config: 'url' " + std::string(url) + ": " + std::string(why));
}

template <class Number>
Number number(std::string_view url, std::string_view text, std::string_view what) {
    Number value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        throw bad_url(url, std::string(what) + " '" + std::string(text) + "' is not a number");
    return value;
}

bool remote_allowed() {
    const char* allow = std::getenv("EVO_ALLOW_REMOTE_REDIS");
    return allow && std::string_view(allow) == "1";
}

} // namespace

address parse_url(std::string_view url) {
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme) throw bad_url(url, "must start with redis://");
    std::string_view rest = url.substr(scheme.size());
    address where;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        std::string_view db = rest.substr(slash + 1);
        if (!db.empty()) where.db = number<unsigned>(url, db, "database");
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        where.user = std::string(rest.substr(0, at));
        if (where.user.find(':') != std::string::npos)
            throw bad_url(url, "has a password; put it in an environment variable named by "
                               "'password_env' instead");
        rest = rest.substr(at + 1);
    }
    if (!rest.empty() && rest.front() == '[') { // [::1]:6379
        auto close = rest.find(']');
        if (close == std::string_view::npos) throw bad_url(url, "has an unclosed '['");
        where.host = std::string(rest.substr(1, close - 1));
        rest = rest.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') throw bad_url(url, "has junk after ']'");
        if (!rest.empty()) where.port = number<uint16_t>(url, rest.substr(1), "port");
    } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        where.host = std::string(rest.substr(0, colon));
        where.port = number<uint16_t>(url, rest.substr(colon + 1), "port");
    } else {
        where.host = std::string(rest);
    }
    if (where.host.empty()) throw bad_url(url, "has no host");
    if (where.port == 0) throw bad_url(url, "has port 0");
    return where;
}

bool is_loopback(std::string_view ip) {
    std::string text(ip);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

void resolve(address& where) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = getaddrinfo(where.host.c_str(), nullptr, &hints, &found); rc != 0)
        throw evo::error(EVO_ERR_UNAVAILABLE,
                         "redis host '" + where.host + "' does not resolve: " + gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, &freeaddrinfo);
    std::vector<std::string> ips;
    for (addrinfo* a = found; a; a = a->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* raw =
            a->ai_family == AF_INET
                ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if (inet_ntop(a->ai_family, raw, text, sizeof text)) ips.emplace_back(text);
    }
    if (ips.empty())
        throw evo::error(EVO_ERR_UNAVAILABLE, "redis host '" + where.host + "' has no address");
    if (!remote_allowed())
        for (const auto& ip : ips)
            if (!is_loopback(ip))
                throw evo::error(EVO_ERR_FORBIDDEN,
                                 "redis host '" + where.host + "' (" + ip +
                                     ") is not loopback; set EVO_ALLOW_REMOTE_REDIS=1 to allow it");
    where.ip = ips.front();
}

} // namespace evo_redis
