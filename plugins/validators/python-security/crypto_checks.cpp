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

// The expression in [begin, end) is an operand of ==, !=, `is` or `is not`.
bool is_compared(const module_view& m, std::uint32_t begin, std::uint32_t end) {
    auto comparison = [](const token& t) {
        return t.is_op("==") || t.is_op("!=") || t.is_name("is");
    };
    if (comparison(m.at(end))) return true;
    if (begin == 0) return false;
    const token& before = m.at(begin - 1);
    return comparison(before) ||
           (before.is_name("not") && begin >= 2 && m.at(begin - 2).is_name("is"));
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

void check_cert_none(const reference& ref, const module_view& m, reporter& out) {
    // `ctx.verify_mode == ssl.CERT_NONE` tests the setting; only other uses make it.
    if (is_compared(m, ref.anchor, m.resolve(ref.anchor).end)) return;
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

// TLS protocol versions and key sizes (bandit B502-B505).
namespace evo::python_security {

namespace {

bool is_broken_protocol(std::string_view name) {
    static constexpr std::array<std::string_view, 9> broken{
        "PROTOCOL_SSLv2", "SSLv2_METHOD", "SSLv23_METHOD",    "PROTOCOL_SSLv3", "PROTOCOL_TLSv1",
        "SSLv3_METHOD",   "TLSv1_METHOD", "PROTOCOL_TLSv1_1", "TLSv1_1_METHOD"};
    return !name.empty() && is_one_of(name, broken);
}

// The callees that take the protocol as their first argument.
bool takes_protocol_first(std::string_view callee) {
    return callee == "OpenSSL.SSL.Context" || callee == "ssl.SSLContext";
}

struct key_kind {
    std::string_view callee;
    std::string_view name; // for messages: RSA, DSA, EC
    std::string_view keyword;
    std::size_t position;
};

// clang-format off
constexpr key_kind key_generators[] = {
    {"cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key", "DSA", "key_size", 0},
    {"cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key", "RSA", "key_size", 1},
    {"cryptography.hazmat.primitives.asymmetric.ec.generate_private_key",  "EC",  "curve",    0},
    {"Crypto.PublicKey.DSA.generate",                                      "DSA", "bits",     0},
    {"Crypto.PublicKey.RSA.generate",                                      "RSA", "bits",     0},
    {"Cryptodome.PublicKey.DSA.generate",                                  "DSA", "bits",     0},
    {"Cryptodome.PublicKey.RSA.generate",                                  "RSA", "bits",     0},
};

constexpr std::pair<std::string_view, long long> curve_bits[] = {
    {"SECT571K1", 571}, {"SECT571R1", 570}, {"SECP521R1", 521}, {"BrainpoolP512R1", 512},
    {"SECT409K1", 409}, {"SECT409R1", 409}, {"BrainpoolP384R1", 384}, {"SECP384R1", 384},
    {"SECT283K1", 283}, {"SECT283R1", 283}, {"BrainpoolP256R1", 256}, {"SECP256K1", 256},
    {"SECP256R1", 256}, {"SECT233K1", 233}, {"SECT233R1", 233}, {"SECP224R1", 224},
    {"SECP192R1", 192}, {"SECT163K1", 163}, {"SECT163R2", 163},
};
// clang-format on

std::optional<long long> curve_size(std::string_view curve) {
    for (auto [name, bits] : curve_bits)
        if (name == curve) return bits;
    return std::nullopt;
}

} // namespace

void check_ssl_version_argument(const call_site& site, const module_view& m, reporter& out) {
    const argument* version = keyword_argument(site.args, "ssl_version");
    if (!version) version = keyword_argument(site.args, "method");
    if (!version && takes_protocol_first(site.callee)) version = positional_argument(site.args, 0);
    if (!version) return;
    std::string_view protocol = last_chain_name(m, version->value);
    if (!is_broken_protocol(protocol)) return;
    bool known = site.callee == "ssl.wrap_socket" || takes_protocol_first(site.callee);
    out.report(rule::ssl_bad_version, version->value.begin,
               callee_label(site) + " uses the broken protocol version " + std::string(protocol),
               known ? high : medium, known ? high : medium);
}

void check_wrap_socket(const call_site& site, const module_view&, reporter& out) {
    if (argument_at(site, 5, "ssl_version") || unpacks_arguments(site)) return;
    out.report(rule::ssl_no_version, site.anchor,
               "ssl.wrap_socket without ssl_version: the default may allow a broken protocol");
}

void check_ssl_default_parameters(token_range header, const module_view& m, reporter& out) {
    for (std::uint32_t i = header.begin + 1; i < header.end; ++i) {
        const token& t = m.at(i);
        if (t.kind != token_kind::name || !is_broken_protocol(t.text)) continue;
        if (!m.at(i - 1).is_op("=") && !m.at(i - 1).is_op(".")) continue;
        out.report(rule::ssl_bad_default, i,
                   "a parameter defaults to the broken protocol version " + std::string(t.text));
        return;
    }
}

void check_key_size(const call_site& site, const module_view& m, reporter& out) {
    const key_kind* kind = nullptr;
    for (const auto& k : key_generators)
        if (k.callee == site.callee) kind = &k;
    if (!kind) return;
    const argument* size = argument_at(site, kind->position, kind->keyword);
    if (!size) return;
    std::optional<long long> bits;
    if (kind->name == "EC")
        bits = curve_size(last_chain_name(m, size->value));
    else if (size->value.end == size->value.begin + 1)
        bits = integer_literal(m.at(size->value.begin).text);
    if (!bits) return;
    long long weak = kind->name == "EC" ? 160 : 1024;
    long long short_of_advice = kind->name == "EC" ? 224 : 2048;
    if (*bits >= short_of_advice) return;
    out.report(rule::weak_key, size->value.begin,
               std::string(kind->name) + " key of " + std::to_string(*bits) + " bits; at least " +
                   std::to_string(short_of_advice) + " are advised",
               *bits < weak ? high : medium, high);
}

} // namespace evo::python_security
