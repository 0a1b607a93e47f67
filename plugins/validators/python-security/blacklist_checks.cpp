// bandit's call blacklist (B3xx): calls whose mere use is worth a review -- weak ciphers,
// clear-text protocols, XML parsers open to entity expansion, the random module.
#include "checks.hpp"

namespace evo::python_security {

void report_blacklisted_call(rule id, const call_site& site, reporter& out) {
    out.report(id, site.anchor, callee_label(site) + ": " + std::string(describe(id).summary));
}

// urlopen follows file:// and custom schemes too; a literal http(s) URL cannot, so only a
// URL the code does not spell out is reported (bandit reports every call).
void check_url_open(const call_site& site, const module_view& m, reporter& out) {
    const argument* url = positional_argument(site.args, 0);
    if (!url) url = keyword_argument(site.args, "url");
    if (url) {
        auto text = m.string_value(url->value);
        if (text && (text->starts_with("http://") || text->starts_with("https://"))) return;
    }
    report_blacklisted_call(rule::url_open, site, out);
}

} // namespace evo::python_security
