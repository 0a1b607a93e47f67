// bandit's import blacklist (B4xx): modules whose import alone deserves a look -- clear-text
// protocols, pickle, subprocess, the stdlib XML parsers, pycrypto. Reported at bandit's
// levels (low for the commonly needed ones, high for the protocols and pycrypto).
#include "checks.hpp"

#include <utility>

namespace evo::python_security {

namespace {

// clang-format off
constexpr std::pair<std::string_view, rule> blacklisted_modules[] = {
    {"telnetlib",                  rule::import_telnetlib},
    {"ftplib",                     rule::import_ftplib},
    {"pickle",                     rule::import_pickle},
    {"cPickle",                    rule::import_pickle},
    {"dill",                       rule::import_pickle},
    {"shelve",                     rule::import_pickle},
    {"subprocess",                 rule::import_subprocess},
    {"xml.etree.cElementTree",     rule::import_xml_etree},
    {"xml.etree.ElementTree",      rule::import_xml_etree},
    {"xml.sax",                    rule::import_xml_sax},
    {"xml.dom.expatbuilder",       rule::import_xml_expat},
    {"xml.dom.minidom",            rule::import_xml_minidom},
    {"xml.dom.pulldom",            rule::import_xml_pulldom},
    {"xmlrpc",                     rule::import_xmlrpc},
    {"xmlrpclib",                  rule::import_xmlrpc}, // Python 2's name
    {"wsgiref.handlers.CGIHandler", rule::import_httpoxy},
    {"twisted.web.twcgi.CGIScript", rule::import_httpoxy},
    {"twisted.web.twcgi.CGIDirectory", rule::import_httpoxy},
    {"Crypto.Cipher",              rule::import_pycrypto},
    {"Crypto.Hash",                rule::import_pycrypto},
    {"Crypto.IO",                  rule::import_pycrypto},
    {"Crypto.Protocol",            rule::import_pycrypto},
    {"Crypto.PublicKey",           rule::import_pycrypto},
    {"Crypto.Random",              rule::import_pycrypto},
    {"Crypto.Signature",           rule::import_pycrypto},
    {"Crypto.Util",                rule::import_pycrypto},
    {"pyghmi",                     rule::import_pyghmi},
};
// clang-format on

// `module` is `listed` or one of its members; bandit compares prefixes, which would also
// match `subprocess32` for `subprocess`.
bool is_within(std::string_view module, std::string_view listed) {
    return module.starts_with(listed) &&
           (module.size() == listed.size() || module[listed.size()] == '.');
}

} // namespace

bool check_imported_module(std::string_view module, std::uint32_t anchor, reporter& out) {
    for (const auto& [listed, id] : blacklisted_modules) {
        if (!is_within(module, listed)) continue;
        // The summaries read "<module> is imported: <why>"; the message names the module
        // actually imported.
        std::string_view why = describe(id).summary;
        why.remove_prefix(why.find(": ") + 2);
        out.report(id, anchor, std::string(module) + " is imported: " + std::string(why));
        return true;
    }
    return false;
}

// One finding per statement, as bandit: `from pickle import dump, load` is one import.
void check_import(std::span<const imported_name> statement, const module_view&, reporter& out) {
    for (const auto& imported : statement)
        if (check_imported_module(imported.qualified, imported.anchor, out)) return;
}

} // namespace evo::python_security
