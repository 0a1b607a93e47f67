// Which check each call goes to. A call is matched by its resolved qualified name first;
// when nothing matches, by its method name alone (for receivers whose type is unknown).
#include "rule_table.hpp"

#include "statement_checks.hpp"

#include <unordered_map>

namespace evo::python_security {

namespace {

// clang-format off
constexpr call_rule call_rules[] = {
    // code execution and dynamic lookups
    {"exec",                            rule::exec_call,             check_exec},
    {"eval",                            rule::eval_call,             check_eval},
    {"compile",                         rule::compile_call,          check_compile},
    {"__import__",                      rule::dynamic_import,        check_dynamic_import},
    {"importlib.import_module",         rule::dynamic_import,        check_dynamic_import},
    {"importlib.__import__",            rule::dynamic_import,        check_dynamic_import},
    {"getattr",                         rule::dynamic_getattr,       check_dynamic_getattr},
    // subprocess: shell=True (B602) or an audit of the arguments (B603)
    {"subprocess.Popen",                rule::subprocess_shell,      check_subprocess},
    {"subprocess.call",                 rule::subprocess_shell,      check_subprocess},
    {"subprocess.check_call",           rule::subprocess_shell,      check_subprocess},
    {"subprocess.check_output",         rule::subprocess_shell,      check_subprocess},
    {"subprocess.run",                  rule::subprocess_shell,      check_subprocess},
    // command strings run by a shell
    {"os.system",                       rule::shell_command,         check_shell_command},
    {"os.popen",                        rule::shell_command,         check_shell_command},
    {"os.popen2",                       rule::shell_command,         check_shell_command},
    {"os.popen3",                       rule::shell_command,         check_shell_command},
    {"os.popen4",                       rule::shell_command,         check_shell_command},
    {"popen2.popen2",                   rule::shell_command,         check_shell_command},
    {"popen2.popen3",                   rule::shell_command,         check_shell_command},
    {"popen2.popen4",                   rule::shell_command,         check_shell_command},
    {"popen2.Popen3",                   rule::shell_command,         check_shell_command},
    {"popen2.Popen4",                   rule::shell_command,         check_shell_command},
    {"commands.getoutput",              rule::shell_command,         check_shell_command},
    {"commands.getstatusoutput",        rule::shell_command,         check_shell_command},
    {"subprocess.getoutput",            rule::shell_command,         check_shell_command},
    {"subprocess.getstatusoutput",      rule::shell_command,         check_shell_command},
    {"asyncio.create_subprocess_shell", rule::shell_command,         check_shell_command},
    // processes started without a shell
    {"os.execl",                        rule::process_without_shell, check_process_without_shell},
    {"os.execle",                       rule::process_without_shell, check_process_without_shell},
    {"os.execlp",                       rule::process_without_shell, check_process_without_shell},
    {"os.execlpe",                      rule::process_without_shell, check_process_without_shell},
    {"os.execv",                        rule::process_without_shell, check_process_without_shell},
    {"os.execve",                       rule::process_without_shell, check_process_without_shell},
    {"os.execvp",                       rule::process_without_shell, check_process_without_shell},
    {"os.execvpe",                      rule::process_without_shell, check_process_without_shell},
    {"os.spawnl",                       rule::process_without_shell, check_process_without_shell},
    {"os.spawnle",                      rule::process_without_shell, check_process_without_shell},
    {"os.spawnlp",                      rule::process_without_shell, check_process_without_shell},
    {"os.spawnlpe",                     rule::process_without_shell, check_process_without_shell},
    {"os.spawnv",                       rule::process_without_shell, check_process_without_shell},
    {"os.spawnve",                      rule::process_without_shell, check_process_without_shell},
    {"os.spawnvp",                      rule::process_without_shell, check_process_without_shell},
    {"os.spawnvpe",                     rule::process_without_shell, check_process_without_shell},
    {"os.startfile",                    rule::process_without_shell, check_process_without_shell},
    {"os.posix_spawn",                  rule::process_without_shell, check_process_without_shell},
    {"os.posix_spawnp",                 rule::process_without_shell, check_process_without_shell},
    {"pty.spawn",                       rule::process_without_shell, check_process_without_shell},
    {"asyncio.create_subprocess_exec",  rule::process_without_shell, check_process_without_shell},
    // deserialization
    {"pickle.load",                     rule::pickle_load,           check_pickle},
    {"pickle.loads",                    rule::pickle_load,           check_pickle},
    {"pickle.Unpickler",                rule::pickle_load,           check_pickle},
    {"cPickle.load",                    rule::pickle_load,           check_pickle},
    {"cPickle.loads",                   rule::pickle_load,           check_pickle},
    {"cPickle.Unpickler",               rule::pickle_load,           check_pickle},
    {"dill.load",                       rule::pickle_load,           check_pickle},
    {"dill.loads",                      rule::pickle_load,           check_pickle},
    {"dill.Unpickler",                  rule::pickle_load,           check_pickle},
    {"shelve.open",                     rule::pickle_load,           check_pickle},
    {"shelve.DbfilenameShelf",          rule::pickle_load,           check_pickle},
    {"jsonpickle.decode",               rule::pickle_load,           check_pickle},
    {"jsonpickle.unpickler.decode",     rule::pickle_load,           check_pickle},
    {"jsonpickle.unpickler.Unpickler",  rule::pickle_load,           check_pickle},
    {"pandas.read_pickle",              rule::pickle_load,           check_pickle},
    {"joblib.load",                     rule::pickle_load,           check_pickle},
    {"marshal.load",                    rule::marshal_load,          check_marshal},
    {"marshal.loads",                   rule::marshal_load,          check_marshal},
    {"yaml.load",                       rule::yaml_load,             check_yaml_load},
    {"yaml.load_all",                   rule::yaml_load,             check_yaml_load},
    {"yaml.unsafe_load",                rule::yaml_load,             check_yaml_unsafe_load},
    {"yaml.unsafe_load_all",            rule::yaml_load,             check_yaml_unsafe_load},
    {"torch.load",                      rule::torch_load,            check_torch_load},
    // temporary file names
    {"tempfile.mktemp",                 rule::mktemp,                check_mktemp},
    {"os.tempnam",                      rule::mktemp,                check_mktemp},
    {"os.tmpnam",                       rule::mktemp,                check_mktemp},
    // TLS and hashes
    {"ssl._create_unverified_context",  rule::unverified_ssl,        check_unverified_context},
    {"ssl._create_stdlib_context",      rule::unverified_ssl,        check_unverified_context},
    {"hashlib.md5",                     rule::weak_hash,             check_weak_hash},
    {"hashlib.sha1",                    rule::weak_hash,             check_weak_hash},
    {"hashlib.new",                     rule::weak_hash,             check_hashlib_new},
    // HTTP requests
    {"requests.get",                    rule::request_without_timeout, check_request_timeout},
    {"requests.post",                   rule::request_without_timeout, check_request_timeout},
    {"requests.put",                    rule::request_without_timeout, check_request_timeout},
    {"requests.patch",                  rule::request_without_timeout, check_request_timeout},
    {"requests.delete",                 rule::request_without_timeout, check_request_timeout},
    {"requests.head",                   rule::request_without_timeout, check_request_timeout},
    {"requests.options",                rule::request_without_timeout, check_request_timeout},
    {"requests.request",                rule::request_without_timeout, check_request_timeout},
    {"httpx.get",                       rule::request_without_timeout, check_request_timeout},
    {"httpx.post",                      rule::request_without_timeout, check_request_timeout},
    {"httpx.put",                       rule::request_without_timeout, check_request_timeout},
    {"httpx.patch",                     rule::request_without_timeout, check_request_timeout},
    {"httpx.delete",                    rule::request_without_timeout, check_request_timeout},
    {"httpx.head",                      rule::request_without_timeout, check_request_timeout},
    {"httpx.options",                   rule::request_without_timeout, check_request_timeout},
    {"httpx.request",                   rule::request_without_timeout, check_request_timeout},
    {"httpx.stream",                    rule::request_without_timeout, check_request_timeout},
    // sockets
    {"socket.socket",                   rule::raw_socket,            check_socket_create},
    {"socket.socket().connect",         rule::outbound_socket,       check_socket_connect},
    {"socket.socket().connect_ex",      rule::outbound_socket,       check_socket_connect},
    {"socket.create_connection",        rule::outbound_socket,       check_socket_connect},
    // native code
    {"ctypes.CDLL",                     rule::ctypes_libc,           check_ctypes_library},
    {"ctypes.PyDLL",                    rule::ctypes_libc,           check_ctypes_library},
    {"ctypes.cdll.LoadLibrary",         rule::ctypes_libc,           check_ctypes_library},
    {"ctypes.pydll.LoadLibrary",        rule::ctypes_libc,           check_ctypes_library},
    {"ctypes.util.find_library",        rule::ctypes_libc,           check_find_library},
    // files
    {"os.chmod",                        rule::permissive_chmod,      check_chmod},
    {"os.fchmod",                       rule::permissive_chmod,      check_chmod},
    {"os.lchmod",                       rule::permissive_chmod,      check_chmod},
    {"shutil.rmtree",                   rule::destructive_delete,    check_destructive_delete},
    {"os.remove",                       rule::destructive_delete,    check_destructive_delete},
    {"os.unlink",                       rule::destructive_delete,    check_destructive_delete},
    {"os.rmdir",                        rule::destructive_delete,    check_destructive_delete},
    {"os.removedirs",                   rule::destructive_delete,    check_destructive_delete},
    {"open",                            rule::secret_read,           check_secret_read},
    {"io.open",                         rule::secret_read,           check_secret_read},
    {"codecs.open",                     rule::secret_read,           check_secret_read},
    {"os.open",                         rule::secret_read,           check_secret_read},
    {"shutil.copy",                     rule::secret_read,           check_secret_read},
    {"shutil.copy2",                    rule::secret_read,           check_secret_read},
    {"shutil.copyfile",                 rule::secret_read,           check_secret_read},
    // bandit's call blacklist (B3xx)
    {"Crypto.Hash.MD2.new",             rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Crypto.Hash.MD4.new",             rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Crypto.Hash.MD5.new",             rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Crypto.Hash.SHA.new",             rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Cryptodome.Hash.MD2.new",         rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Cryptodome.Hash.MD4.new",         rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Cryptodome.Hash.MD5.new",         rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Cryptodome.Hash.SHA.new",         rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"cryptography.hazmat.primitives.hashes.MD5", rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"cryptography.hazmat.primitives.hashes.SHA1", rule::insecure_hash,         check_blacklisted<rule::insecure_hash>},
    {"Crypto.Cipher.ARC2.new",          rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Crypto.Cipher.ARC4.new",          rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Crypto.Cipher.Blowfish.new",      rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Crypto.Cipher.DES.new",           rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Crypto.Cipher.XOR.new",           rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Cryptodome.Cipher.ARC2.new",      rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Cryptodome.Cipher.ARC4.new",      rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Cryptodome.Cipher.Blowfish.new",  rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Cryptodome.Cipher.DES.new",       rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"Cryptodome.Cipher.XOR.new",       rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.ARC4", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.Blowfish", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.CAST5", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.IDEA", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.SEED", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.algorithms.TripleDES", rule::weak_cipher,           check_blacklisted<rule::weak_cipher>},
    {"cryptography.hazmat.primitives.ciphers.modes.ECB", rule::cipher_ecb,            check_blacklisted<rule::cipher_ecb>},
    {"urllib.request.urlopen",          rule::url_open,              check_url_open},
    {"urllib.request.urlretrieve",      rule::url_open,              check_url_open},
    {"urllib.request.URLopener",        rule::url_open,              check_url_open},
    {"urllib.request.FancyURLopener",   rule::url_open,              check_url_open},
    {"six.moves.urllib.request.urlopen", rule::url_open,              check_url_open},
    {"six.moves.urllib.request.urlretrieve", rule::url_open,              check_url_open},
    {"six.moves.urllib.request.URLopener", rule::url_open,              check_url_open},
    {"six.moves.urllib.request.FancyURLopener", rule::url_open,              check_url_open},
    // Python 2's names, still met behind `except ImportError:` fallbacks
    {"urllib.urlopen",                  rule::url_open,              check_url_open},
    {"urllib.urlretrieve",              rule::url_open,              check_url_open},
    {"urllib.URLopener",                rule::url_open,              check_url_open},
    {"urllib.FancyURLopener",           rule::url_open,              check_url_open},
    {"urllib2.urlopen",                 rule::url_open,              check_url_open},
    {"urllib2.Request",                 rule::url_open,              check_url_open},
    {"random.Random",                   rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.random",                   rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.randrange",                rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.randint",                  rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.choice",                   rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.choices",                  rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.uniform",                  rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.triangular",               rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.randbytes",                rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.sample",                   rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"random.getrandbits",              rule::weak_random,           check_blacklisted<rule::weak_random>},
    {"telnetlib.Telnet",                rule::telnet,                check_blacklisted<rule::telnet>},
    {"xml.etree.cElementTree.parse",    rule::xml_celementtree,      check_blacklisted<rule::xml_celementtree>},
    {"xml.etree.cElementTree.iterparse", rule::xml_celementtree,      check_blacklisted<rule::xml_celementtree>},
    {"xml.etree.cElementTree.fromstring", rule::xml_celementtree,      check_blacklisted<rule::xml_celementtree>},
    {"xml.etree.cElementTree.XMLParser", rule::xml_celementtree,      check_blacklisted<rule::xml_celementtree>},
    {"xml.etree.ElementTree.parse",     rule::xml_elementtree,       check_blacklisted<rule::xml_elementtree>},
    {"xml.etree.ElementTree.iterparse", rule::xml_elementtree,       check_blacklisted<rule::xml_elementtree>},
    {"xml.etree.ElementTree.fromstring", rule::xml_elementtree,       check_blacklisted<rule::xml_elementtree>},
    {"xml.etree.ElementTree.XMLParser", rule::xml_elementtree,       check_blacklisted<rule::xml_elementtree>},
    {"xml.sax.expatreader.create_parser", rule::xml_expatreader,       check_blacklisted<rule::xml_expatreader>},
    {"xml.dom.expatbuilder.parse",      rule::xml_expatbuilder,      check_blacklisted<rule::xml_expatbuilder>},
    {"xml.dom.expatbuilder.parseString", rule::xml_expatbuilder,      check_blacklisted<rule::xml_expatbuilder>},
    {"xml.sax.parse",                   rule::xml_sax,               check_blacklisted<rule::xml_sax>},
    {"xml.sax.parseString",             rule::xml_sax,               check_blacklisted<rule::xml_sax>},
    {"xml.sax.make_parser",             rule::xml_sax,               check_blacklisted<rule::xml_sax>},
    {"xml.dom.minidom.parse",           rule::xml_minidom,           check_blacklisted<rule::xml_minidom>},
    {"xml.dom.minidom.parseString",     rule::xml_minidom,           check_blacklisted<rule::xml_minidom>},
    {"xml.dom.pulldom.parse",           rule::xml_pulldom,           check_blacklisted<rule::xml_pulldom>},
    {"xml.dom.pulldom.parseString",     rule::xml_pulldom,           check_blacklisted<rule::xml_pulldom>},
    {"ftplib.FTP",                      rule::ftp,                   check_blacklisted<rule::ftp>},
    // web frameworks and templates (B308, B7xx)
    {"django.utils.safestring.mark_safe",rule::mark_safe,             check_mark_safe},
    {"django.utils.safestring.SafeString",rule::django_xss,            check_mark_safe},
    {"django.utils.safestring.SafeText",rule::django_xss,            check_mark_safe},
    {"jinja2.Environment",              rule::jinja2_autoescape,     check_jinja2_environment},
    {"jinja2.environment.Environment",  rule::jinja2_autoescape,     check_jinja2_environment},
    {"mako.template.Template",          rule::mako_template,         check_mako_template},
    {"markupsafe.Markup",               rule::markup_xss,            check_markup},
    {"flask.Markup",                    rule::markup_xss,            check_markup},
    // injection and unsafe downloads (B6xx)
    {"logging.config.listen",           rule::logging_listen,        check_logging_listen},
    {"django.db.models.expressions.RawSQL",rule::django_rawsql,         check_django_rawsql},
    {"django.db.models.RawSQL",         rule::django_rawsql,         check_django_rawsql},
    {"datasets.load_dataset",           rule::unpinned_download,     check_unpinned_download},
    {"huggingface_hub.hf_hub_download", rule::unpinned_download,     check_unpinned_download},
    {"huggingface_hub.snapshot_download",rule::unpinned_download,     check_unpinned_download},
    // TLS versions, key sizes, SNMP (B5xx)
    {"ssl.wrap_socket",                 rule::ssl_no_version,        check_wrap_socket},
    {"cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key",rule::weak_key,              check_key_size},
    {"cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",rule::weak_key,              check_key_size},
    {"cryptography.hazmat.primitives.asymmetric.ec.generate_private_key",rule::weak_key,              check_key_size},
    {"Crypto.PublicKey.DSA.generate",   rule::weak_key,              check_key_size},
    {"Crypto.PublicKey.RSA.generate",   rule::weak_key,              check_key_size},
    {"Cryptodome.PublicKey.DSA.generate",rule::weak_key,              check_key_size},
    {"Cryptodome.PublicKey.RSA.generate",rule::weak_key,              check_key_size},
    {"pysnmp.hlapi.CommunityData",      rule::snmp_version,          check_snmp_community},
    {"pysnmp.hlapi.UsmUserData",        rule::snmp_no_crypto,        check_snmp_user},
    {"pysnmp.hlapi.asyncio.CommunityData",rule::snmp_version,          check_snmp_community},
    {"pysnmp.hlapi.asyncio.UsmUserData",rule::snmp_no_crypto,        check_snmp_user},
    {"pysnmp.hlapi.v3arch.CommunityData",rule::snmp_version,          check_snmp_community},
    {"pysnmp.hlapi.v3arch.UsmUserData", rule::snmp_no_crypto,        check_snmp_user},
    {"pysnmp.hlapi.v3arch.asyncio.CommunityData",rule::snmp_version,          check_snmp_community},
    {"pysnmp.hlapi.v3arch.asyncio.UsmUserData",rule::snmp_no_crypto,        check_snmp_user},
};

// Methods checked whatever their receiver, when the qualified name matched nothing above.
constexpr call_rule method_rules[] = {
    {"extractall",                      rule::tar_extract,           check_tar_extract},
    {"extract",                         rule::tar_extract,           check_tar_extract},
    {"chmod",                           rule::permissive_chmod,      check_chmod},
    {"bind",                            rule::bind_all_interfaces,   check_bind_call},
    {"unlink",                          rule::destructive_delete,    check_destructive_delete},
    {"rmdir",                           rule::destructive_delete,    check_destructive_delete},
    {"read_text",                       rule::secret_read,           check_secret_read},
    {"read_bytes",                      rule::secret_read,           check_secret_read},
    {"open",                            rule::secret_read,           check_secret_read},
    {"set_missing_host_key_policy",     rule::ssh_host_key,          check_host_key_policy},
    {"exec_command",                    rule::paramiko_exec,         check_paramiko_exec},
    {"extra",                           rule::django_extra,          check_django_extra},
    {"run",                             rule::flask_debug,           check_flask_debug},
    {"from_pretrained",                 rule::unpinned_download,     check_unpinned_download},
};

// Checks that look at every call.
constexpr call_check every_call[] = {check_shell_keyword, check_verify_keyword,
                                     check_ssl_version_argument};

using reference_check = void (*)(const reference&, const module_view&, reporter&);
constexpr std::pair<std::string_view, reference_check> reference_rules[] = {
    {"ssl.CERT_NONE",                   check_cert_none},
    {"ssl.VerifyMode.CERT_NONE",        check_cert_none},
};

using string_check = void (*)(const string_site&, const module_view&, reporter&);
constexpr string_check every_string[] = {check_temp_path, check_bind_all_string, check_sql_string,
                                         check_password_literal};

using assignment_check = void (*)(const assignment&, const module_view&, reporter&);
constexpr assignment_check every_assignment[] = {check_password_assignment,
                                                 check_hostname_assignment};
// clang-format on

template <std::size_t N>
std::unordered_map<std::string_view, const call_rule*> index_rules(const call_rule (&rules)[N]) {
    std::unordered_map<std::string_view, const call_rule*> index;
    for (const auto& r : rules)
        index.emplace(r.callee, &r);
    return index;
}

reference_check find_reference_rule(std::string_view name) {
    for (const auto& [referenced, check] : reference_rules)
        if (referenced == name) return check;
    return nullptr;
}

bool is_rule_subject(std::string_view qualified) {
    return find_call_rule(qualified) != nullptr || find_reference_rule(qualified) != nullptr;
}

class rule_engine final : public listener {
  public:
    explicit rule_engine(reporter& out) : out_(out) {}

    void on_call(const call_site& site, const module_view& m) override {
        const call_rule* matched = find_call_rule(site.callee);
        // However it was reached (`builtins.eval`, `vars(builtins).get('eval')`,
        // `globals()['__builtins__']['eval']`), a builtin is the builtin itself.
        if (!matched && site.callee.starts_with("builtins."))
            matched = find_call_rule(site.callee.substr(9));
        if (!matched && !site.method.empty()) matched = find_method_rule(site.method);
        if (matched) matched->check(site, m, out_);
        for (call_check check : every_call)
            check(site, m, out_);
    }
    void on_reference(const reference& ref, const module_view& m) override {
        if (reference_check check = find_reference_rule(ref.name)) check(ref, m, out_);
        check_builtins_reference(ref, m, out_);
    }
    void on_string(const string_site& site, const module_view& m) override {
        for (string_check check : every_string)
            check(site, m, out_);
    }
    void on_assignment(const assignment& assigned, const module_view& m) override {
        for (assignment_check check : every_assignment)
            check(assigned, m, out_);
    }
    void on_import(std::span<const imported_name> imported, const module_view& m) override {
        check_import(imported, m, out_);
    }
    void on_statement(token_range statement, bool header, const module_view& m) override {
        std::uint32_t keyword = statement.begin;
        if (header && m.at(keyword).is_name("async")) ++keyword;
        if (header && keyword < statement.end && m.at(keyword).is_name("def"))
            check_ssl_default_parameters(statement, m, out_);
        statements_.on_statement(statement, header, m, out_);
    }
    void finish() { statements_.finish(out_); }

  private:
    reporter& out_;
    statement_checks statements_;
};

} // namespace

const call_rule* find_call_rule(std::string_view callee) {
    static const auto index = index_rules(call_rules);
    auto it = index.find(callee);
    return it == index.end() ? nullptr : it->second;
}

const call_rule* find_method_rule(std::string_view method) {
    static const auto index = index_rules(method_rules);
    auto it = index.find(method);
    return it == index.end() ? nullptr : it->second;
}

void run_rules(const token_stream& stream, reporter& out) {
    rule_engine engine(out);
    walk(stream, engine, is_rule_subject);
    engine.finish();
    check_bidirectional_text(stream, out);
}

} // namespace evo::python_security
