// HTTP requests without timeouts, listening on every interface, raw and outbound sockets.
#include "checks.hpp"

#include <cctype>

namespace evo::python_security {

namespace {

// The host of an address argument written as a tuple display: ("example.org", 443).
std::optional<std::string> literal_host(const module_view& m, const argument& address) {
    if (!m.at(address.value.begin).is_op("(")) return std::nullopt;
    return leading_string(m, address.value);
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

bool passes_keyword_dict(const call_site& site) {
    for (const auto& arg : site.args)
        if (arg.stars == 2) return true;
    return false;
}

} // namespace

void check_request_timeout(const call_site& site, const module_view& m, reporter& out) {
    const argument* timeout = keyword_argument(site.args, "timeout");
    if (timeout && !(m.at(timeout->value.begin).is_name("None") &&
                     timeout->value.end == timeout->value.begin + 1))
        return;
    if (!timeout && passes_keyword_dict(site)) return;
    out.report(rule::request_without_timeout, site.anchor,
               callee_label(site) + (timeout ? " with timeout=None" : " without a timeout"));
}

void check_bind_call(const call_site& site, const module_view& m, reporter& out) {
    const argument* address = positional_argument(site.args, 0);
    if (!address) return;
    auto host = literal_host(m, *address);
    if (host && host->empty())
        out.report(rule::bind_all_interfaces, site.anchor,
                   callee_label(site) + " with host '' listens on all interfaces");
}

void check_socket_create(const call_site& site, const module_view& m, reporter& out) {
    token_range args{site.open + 1, site.close};
    for (std::string_view kind : {"SOCK_RAW", "AF_PACKET"}) {
        if (mentions_name(m, args, kind)) {
            out.report(rule::raw_socket, site.anchor,
                       callee_label(site) + " opens a " + std::string(kind) + " socket");
            return;
        }
    }
}

void check_socket_connect(const call_site& site, const module_view& m, reporter& out) {
    const argument* address = positional_argument(site.args, 0);
    if (!address) address = keyword_argument(site.args, "address");
    if (!address) return;
    if (m.is_plain_string(address->value)) return; // a Unix socket path
    // A socket created with AF_UNIX (`s = socket.socket(socket.AF_UNIX)`) reaches a path on
    // this machine, never another host, whatever the address expression is.
    if (site.receiver_call != no_token && m.partner(site.receiver_call) != no_token &&
        mentions_name(m, {site.receiver_call + 1, m.partner(site.receiver_call)}, "AF_UNIX"))
        return;
    auto host = literal_host(m, *address);
    if (host && is_loopback(*host)) return;
    out.report(rule::outbound_socket, site.anchor,
               callee_label(site) + " connects to " +
                   (host ? "'" + *host + "'" : std::string("an address chosen at run time")));
}

} // namespace evo::python_security

// SSH host keys and SNMP versions (bandit B507-B509).
namespace evo::python_security {

void check_host_key_policy(const call_site& site, const module_view& m, reporter& out) {
    const argument* policy = positional_argument(site.args, 0);
    if (!policy || !m.names().imports_module("paramiko")) return;
    std::string_view name = last_chain_name(m, policy->value);
    if (name == "AutoAddPolicy" || name == "WarningPolicy")
        out.report(rule::ssh_host_key, site.anchor,
                   "set_missing_host_key_policy(" + std::string(name) +
                       ") accepts any host key: the connection can be intercepted");
}

void check_snmp_community(const call_site& site, const module_view& m, reporter& out) {
    const argument* model = keyword_argument(site.args, "mpModel");
    if (!model || model->value.end != model->value.begin + 1) return;
    auto version = integer_literal(m.at(model->value.begin).text);
    if (version == 0 || version == 1)
        out.report(rule::snmp_version, site.anchor,
                   std::string(version == 0 ? "SNMPv1" : "SNMPv2c") +
                       " sends the community string in clear text");
}

void check_snmp_user(const call_site& site, const module_view&, reporter& out) {
    if (site.args.size() >= 3 || unpacks_arguments(site)) return;
    out.report(rule::snmp_no_crypto, site.anchor,
               "UsmUserData without both an authentication and a privacy key");
}

} // namespace evo::python_security

// Hugging Face downloads without a pinned revision (bandit B615).
namespace evo::python_security {

namespace {

bool is_commit_hash(std::string_view revision) {
    return revision.size() >= 7 && std::all_of(revision.begin(), revision.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

} // namespace

void check_unpinned_download(const call_site& site, const module_view& m, reporter& out) {
    // from_pretrained is routed by method name: only transformers' classes count.
    if (site.method == "from_pretrained" && !site.callee.starts_with("transformers.")) return;
    for (std::string_view keyword : {"revision", "commit_id"}) {
        const argument* revision = keyword_argument(site.args, keyword);
        if (!revision) continue;
        auto text = m.string_value(revision->value);
        // A computed revision is assumed to be pinned, as bandit does.
        if (!text || is_commit_hash(*text)) return;
    }
    if (unpacks_arguments(site)) return;
    if (const argument* source = positional_argument(site.args, 0)) {
        auto path = m.string_value(source->value);
        if (path && (path->starts_with("./") || path->starts_with("/") || path->starts_with("../")))
            return; // a local directory
    }
    out.report(rule::unpinned_download, site.anchor,
               callee_label(site) +
                   " downloads whatever the repository holds now: pin revision= to a commit hash");
}

} // namespace evo::python_security
