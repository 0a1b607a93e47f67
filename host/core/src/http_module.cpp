// The curl half of host HTTP, built as a module of its own (evo-http.so) so that curl and
// its thirty libraries load only when a plugin first makes a request.
#include <evo/host/http.hpp>

#include "call_fields.hpp"


#include <curl/curl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

namespace evo::host {
namespace {

// The module links nothing of the host: it reads the call through the C ABI alone.
bool cancelled(const evo_call* call) { return declared_cancelled(call); }
int64_t deadline_of(const evo_call* call) { return declared_deadline(call); }
int64_t unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Judged on the address curl is about to connect to, after name resolution: a name that
// resolves elsewhere (localhost.example.com, 127.0.0.1.nip.io pointing out) is refused, and so
// is every connection a redirect or a retry would open.
bool is_loopback(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        auto* in = reinterpret_cast<const sockaddr_in*>(address);
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->sa_family == AF_INET6) {
        const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
        // ::ffff:127.x.y.z is IPv4 loopback written as IPv6; every other mapped address is not.
        if (IN6_IS_ADDR_V4MAPPED(&a)) return a.s6_addr[12] == 127;
        return IN6_IS_ADDR_LOOPBACK(&a);
    }
    return false;
}

struct transfer {
    const http_spec& spec;
    const evo_call* call;
    const header_fn& on_header;
    const body_fn& on_body;
    std::chrono::steady_clock::time_point last_byte = std::chrono::steady_clock::now();
    std::string abort_reason;
    evo_status abort_code = EVO_OK;
    // A connection the policy refused; curl may still succeed through another address of the
    // same name, so this only decides the outcome when the transfer failed.
    std::string refused;

    void abort(evo_status code, std::string why) {
        if (abort_code == EVO_OK) abort_code = code, abort_reason = std::move(why);
    }
};

curl_socket_t open_socket(void* ctx, curlsocktype, curl_sockaddr* address) {
    auto* t = static_cast<transfer*>(ctx);
    if (!t->spec.allow_remote && !is_loopback(&address->addr)) {
        t->refused = "refusing to connect beyond loopback (set EVO_ALLOW_REMOTE_HTTP=1 to allow it)";
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

size_t on_data(char* data, size_t size, size_t count, void* ctx) {
    auto* t = static_cast<transfer*>(ctx);
    t->last_byte = std::chrono::steady_clock::now();
    if (t->on_body && !t->on_body({data, size * count})) {
        t->abort(EVO_ERR_STOPPED, "stopped by the receiver");
        return 0;
    }
    return size * count;
}

size_t on_header_line(char* data, size_t size, size_t count, void* ctx) {
    auto* t = static_cast<transfer*>(ctx);
    std::string_view line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string_view::npos && t->on_header) {
        auto trim = [](std::string_view s) {
            while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
            while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
            return s;
        };
        if (!t->on_header(trim(line.substr(0, colon)), trim(line.substr(colon + 1)))) return 0;
    }
    return size * count;
}

int on_progress(void* ctx, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<transfer*>(ctx);
    if (cancelled(t->call)) t->abort(EVO_ERR_CANCELLED, "cancelled");
    int64_t deadline = deadline_of(t->call);
    if (deadline && unix_ms() >= deadline) t->abort(EVO_ERR_TIMEOUT, "deadline passed");
    auto idle = std::chrono::steady_clock::now() - t->last_byte;
    if (t->spec.stall_timeout_ms > 0 && idle > std::chrono::milliseconds(t->spec.stall_timeout_ms))
        t->abort(EVO_ERR_TIMEOUT, "no data for " + std::to_string(t->spec.stall_timeout_ms) + " ms");
    return t->abort_code == EVO_OK ? 0 : 1;
}

evo_status status_of(CURLcode code) {
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return EVO_ERR_TIMEOUT;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: return EVO_ERR_UNAVAILABLE;
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING: return EVO_ERR_PROTOCOL;
    default: return EVO_ERR_UNAVAILABLE;
    }
}

} // namespace

http_outcome curl_request(const http_spec& spec, const evo_call* call, const header_fn& on_header,
                          const body_fn& on_body) {
    init_curl_once();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
    for (const auto& h : spec.headers) headers.reset(curl_slist_append(headers.release(), h.c_str()));
    transfer t{spec, call, on_header, on_body, std::chrono::steady_clock::now(), {}, EVO_OK, {}};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, spec.url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (!spec.body.empty() || spec.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, spec.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, spec.connect_timeout_ms);
    // A redirect would be checked again by open_socket, but an answer that moved is not one
    // the plugin asked for: report the 3xx instead of following it.
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    if (!spec.allow_remote) {
        // A proxy from http_proxy / HTTPS_PROXY / ALL_PROXY would sit on loopback and carry the
        // request (and its API key) anywhere: without remote HTTP, curl talks to no proxy.
        // "" overrides the environment (CURLOPT_PROXY(3)); "*" in NOPROXY is a second lock.
        curl_easy_setopt(c, CURLOPT_PROXY, "");
        curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    }
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header_line);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    CURLcode result = curl_easy_perform(c);

    http_outcome outcome;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &outcome.status);
    if (t.abort_code != EVO_OK) {
        outcome.code = t.abort_code;
        outcome.error = t.abort_reason;
    } else if (result != CURLE_OK && !t.refused.empty()) {
        outcome.code = EVO_ERR_FORBIDDEN;
        outcome.error = t.refused;
    } else if (result != CURLE_OK) {
        outcome.code = status_of(result);
        outcome.error = curl_easy_strerror(result);
    }
    return outcome;
}

} // namespace evo::host

// The module's single entry point, resolved by http_loader.cpp on first use.
extern "C" __attribute__((visibility("default"))) void evo_http_module_request(
    const evo::host::http_spec* spec, const evo_call* call, const evo::host::header_fn* on_header,
    const evo::host::body_fn* on_body, evo::host::http_outcome* outcome) {
    try {
        *outcome = evo::host::curl_request(*spec, call, *on_header, *on_body);
    } catch (const std::exception& e) {
        outcome->code = EVO_ERR_INTERNAL;
        outcome->error = e.what();
    } catch (...) { // called from C: nothing may escape
        outcome->code = EVO_ERR_INTERNAL;
        outcome->error = "unknown exception";
    }
}
