// Weak hashes and TLS without certificate verification.
#include "checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace evo::python_security {

namespace {

bool used_for_security(const call_site& site, const module_view& m) {
    const argument* flag = keyword_argument(site.args, "usedforsecurity");
    return !flag || literal_truth(m, flag->value) != false;
}

bool is_weak_algorithm(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::array<std::string_view, 4> weak{"md4", "md5", "sha", "sha1"};
    return is_one_of(name, weak);
}

bool is_http_client_call(const call_site& site) {
    for (std::string_view root : {"requests.", "httpx.", "aiohttp.", "urllib3."})
        if (site.callee.starts_with(root)) return true;
    static constexpr std::array<std::string_view, 13> http_methods{
        "get",     "post",   "put",  "patch",  "delete",      "head",   "options",
        "request", "stream", "send", "Client", "AsyncClient", "Session"};
    return is_one_of(site.method, http_methods);
}

} // namespace

void check_weak_hash(const call_site& site, const module_view& m, reporter& out) {
    if (used_for_security(site, m))
        out.report(rule::weak_hash, site.anchor,
                   callee_label(site) + " is a weak hash; usedforsecurity=False is not set");
}

void check_hashlib_new(const call_site& site, const module_view& m, reporter& out) {
    const argument* name = positional_argument(site.args, 0);
    if (!name) name = keyword_argument(site.args, "name");
    auto algorithm = name ? m.string_value(name->value) : std::nullopt;
    if (algorithm && is_weak_algorithm(*algorithm) && used_for_security(site, m))
        out.report(rule::weak_hash, site.anchor,
                   "hashlib.new('" + *algorithm +
                       "') is a weak hash; usedforsecurity=False is not set");
}

void check_verify_keyword(const call_site& site, const module_view& m, reporter& out) {
    const argument* verify = keyword_argument(site.args, "verify");
    if (!verify || literal_truth(m, verify->value) != false || !is_http_client_call(site)) return;
    bool resolved = site.callee.starts_with("requests.") || site.callee.starts_with("httpx.");
    out.report(rule::tls_verify_disabled, site.anchor,
               callee_label(site) + " with verify=False accepts any certificate", high,
               resolved ? high : medium);
}

void check_unverified_context(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::unverified_ssl, site.anchor,
               callee_label(site) + " creates a context that accepts any certificate");
}

void check_cert_none(const reference& ref, const module_view&, reporter& out) {
    out.report(rule::unverified_ssl, ref.anchor,
               "ssl.CERT_NONE turns off certificate verification");
}

void check_hostname_assignment(const assignment& assigned, const module_view& m, reporter& out) {
    token_range target = assigned.target;
    if (target.end - target.begin < 3 || !m.at(target.end - 1).is_name("check_hostname") ||
        !m.at(target.end - 2).is_op("."))
        return;
    if (assigned.value.end == assigned.value.begin + 1 &&
        m.at(assigned.value.begin).is_name("False"))
        out.report(rule::unverified_ssl, target.begin,
                   "check_hostname = False accepts certificates issued for other hosts");
}

} // namespace evo::python_security
