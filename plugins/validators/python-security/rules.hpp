// The catalog of python-security rules: a stable evo id per rule, the bandit test it
// corresponds to (empty when bandit has none), its default severity and confidence, and a
// one-line description. SARIF output and documentation list rules from here.
#pragma once

#include <evo/plugin.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace evo::python_security {

enum class rule : std::uint8_t {
    exec_call,
    eval_call,
    subprocess_shell,
    shell_keyword,
    shell_command,
    subprocess_audit,
    partial_path,
    process_without_shell,
    pickle_load,
    marshal_load,
    yaml_load,
    torch_load,
    password_string,
    password_argument,
    password_default,
    temp_path,
    mktemp,
    tls_verify_disabled,
    unverified_ssl,
    request_without_timeout,
    tar_extract,
    sql_string,
    bind_all_interfaces,
    weak_hash,
    permissive_chmod,
    dynamic_import,
    dynamic_getattr,
    builtins_indirection,
    compile_call,
    ctypes_libc,
    raw_socket,
    outbound_socket,
    destructive_delete,
    secret_read,
    // bandit's call blacklist (B3xx): the call itself is the finding
    insecure_hash,
    weak_cipher,
    cipher_ecb,
    mark_safe,
    url_open,
    weak_random,
    telnet,
    xml_celementtree,
    xml_elementtree,
    xml_expatreader,
    xml_expatbuilder,
    xml_sax,
    xml_minidom,
    xml_pulldom,
    ftp,
};

struct rule_info {
    rule id;
    std::string_view code;        // the stable evo rule id
    std::string_view external_id; // the bandit test id, or empty
    evo_severity severity;        // default; a finding may lower or raise it
    evo_severity confidence;
    std::string_view summary;
    std::string_view fix_hint;
};

inline constexpr evo_severity low = EVO_SEVERITY_LOW;
inline constexpr evo_severity medium = EVO_SEVERITY_MEDIUM;
inline constexpr evo_severity high = EVO_SEVERITY_HIGH;

// clang-format off
inline constexpr std::array rule_catalog{
    //        id                            code                    bandit  severity confidence
    rule_info{rule::exec_call,              "PY-EXEC",              "B102", medium, high,
              "exec() runs dynamically built code",
              "avoid exec; dispatch to known functions or parse data with json/ast.literal_eval"},
    rule_info{rule::eval_call,              "PY-EVAL",              "B307", medium, high,
              "eval() evaluates an arbitrary expression",
              "use ast.literal_eval for literals, or parse the input explicitly"},
    rule_info{rule::subprocess_shell,       "PY-SUBPROCESS-SHELL",  "B602", high,   high,
              "subprocess call with shell=True",
              "pass an argument list and drop shell=True; quote with shlex.quote if a shell is unavoidable"},
    rule_info{rule::shell_keyword,          "PY-SHELL-TRUE",        "B604", medium, low,
              "a function is called with shell=True",
              "drop shell=True and pass the command as an argument list"},
    rule_info{rule::shell_command,          "PY-SHELL-COMMAND",     "B605", high,   high,
              "a command runs through the shell (os.system, os.popen and friends)",
              "use subprocess.run with an argument list instead of a shell command string"},
    rule_info{rule::subprocess_audit,       "PY-SUBPROCESS",        "B603", low,    high,
              "subprocess call without a shell: check that its arguments are trusted",
              "make sure no argument comes from untrusted input"},
    rule_info{rule::partial_path,           "PY-PARTIAL-PATH",      "B607", low,    high,
              "a process starts from a partial executable path, resolved through PATH",
              "use the executable's absolute path (shutil.which once, then reuse it)"},
    rule_info{rule::process_without_shell,  "PY-PROCESS-NO-SHELL",  "B606", low,    medium,
              "a process starts without a shell (os.exec*, os.spawn*): check its arguments",
              "make sure no argument comes from untrusted input"},
    rule_info{rule::pickle_load,            "PY-PICKLE",            "B301", medium, high,
              "pickle-style deserialization can run arbitrary code",
              "load untrusted data with json or another data-only format"},
    rule_info{rule::marshal_load,           "PY-MARSHAL",           "B302", medium, high,
              "marshal deserialization of possibly untrusted data",
              "load untrusted data with json or another data-only format"},
    rule_info{rule::yaml_load,              "PY-YAML-LOAD",         "B506", medium, high,
              "yaml.load without a safe loader can construct arbitrary objects",
              "use yaml.safe_load, or Loader=yaml.SafeLoader"},
    rule_info{rule::torch_load,             "PY-TORCH-LOAD",        "B614", medium, high,
              "torch.load without weights_only=True unpickles arbitrary objects",
              "pass weights_only=True, or load tensors with safetensors"},
    rule_info{rule::password_string,        "PY-PASSWORD-STRING",   "B105", low,    medium,
              "a hard-coded password or secret string",
              "read secrets from the environment or a secret store"},
    rule_info{rule::password_argument,      "PY-PASSWORD-ARG",      "B106", low,    medium,
              "a hard-coded password passed as a keyword argument",
              "read secrets from the environment or a secret store"},
    rule_info{rule::password_default,       "PY-PASSWORD-DEFAULT",  "B107", low,    medium,
              "a hard-coded password as a parameter default",
              "default to None and read the secret from the environment or a secret store"},
    rule_info{rule::temp_path,              "PY-TEMP-PATH",         "B108", medium, medium,
              "a hard-coded path in a shared temporary directory",
              "create private temporary files with the tempfile module"},
    rule_info{rule::mktemp,                 "PY-MKTEMP",            "B306", medium, high,
              "tempfile.mktemp is racy: the name can be taken before the file is created",
              "use tempfile.mkstemp or tempfile.NamedTemporaryFile"},
    rule_info{rule::tls_verify_disabled,    "PY-TLS-VERIFY-OFF",    "B501", high,   high,
              "an HTTP request with certificate verification turned off (verify=False)",
              "keep verify=True; pass verify='/path/to/ca.pem' for a private CA"},
    rule_info{rule::unverified_ssl,         "PY-SSL-UNVERIFIED",    "B323", medium, high,
              "an SSL context that does not verify certificates or host names",
              "use ssl.create_default_context() and keep CERT_REQUIRED and check_hostname"},
    rule_info{rule::request_without_timeout,"PY-REQUEST-NO-TIMEOUT","B113", medium, low,
              "an HTTP request without a timeout can hang forever",
              "pass timeout=..., e.g. timeout=10"},
    rule_info{rule::tar_extract,            "PY-TAR-EXTRACT",       "B202", high,   high,
              "tarfile extraction without a filter can write outside the target directory",
              "pass filter='data' (Python 3.12+, backported to 3.8+ security releases)"},
    rule_info{rule::sql_string,             "PY-SQL-STRING",        "B608", medium, medium,
              "SQL built by string formatting or concatenation (SQL injection)",
              "use parameterized queries: cursor.execute(sql, params)"},
    rule_info{rule::bind_all_interfaces,    "PY-BIND-ALL",          "B104", medium, medium,
              "binding to all network interfaces",
              "bind to 127.0.0.1 unless the service must be reachable from other hosts"},
    rule_info{rule::weak_hash,              "PY-WEAK-HASH",         "B324", high,   high,
              "MD5 or SHA-1 used without usedforsecurity=False",
              "use hashlib.sha256, or pass usedforsecurity=False for non-security checksums"},
    rule_info{rule::permissive_chmod,       "PY-CHMOD-PERMISSIVE",  "B103", high,   high,
              "chmod with a world-writable or broadly executable mode",
              "grant the least access needed, e.g. 0o600 for files and 0o700 for directories"},
    rule_info{rule::dynamic_import,         "PY-DYNAMIC-IMPORT",    "",     high,   medium,
              "a module imported dynamically (__import__, importlib.import_module)",
              "import modules statically; map allowed names to modules explicitly"},
    rule_info{rule::dynamic_getattr,        "PY-DYNAMIC-GETATTR",   "",     high,   high,
              "getattr reaches a dangerous function of a module by name",
              "call the function directly so it can be reviewed, or drop it"},
    rule_info{rule::builtins_indirection,   "PY-BUILTINS-INDIRECT", "",     high,   high,
              "a builtin reached through builtins or __builtins__",
              "call builtins directly; never look up eval/exec/__import__ by name"},
    rule_info{rule::compile_call,           "PY-COMPILE",           "",     medium, medium,
              "compile() turns a string into code",
              "avoid generating code; parse data with ast.literal_eval or json"},
    rule_info{rule::ctypes_libc,            "PY-CTYPES-LIBC",       "",     high,   high,
              "ctypes loads libc or another native library, bypassing Python's safety checks",
              "use the Python standard library instead of calling libc directly"},
    rule_info{rule::raw_socket,             "PY-RAW-SOCKET",        "",     high,   high,
              "a raw or packet socket is opened",
              "use ordinary TCP/UDP sockets through a high-level library"},
    rule_info{rule::outbound_socket,        "PY-SOCKET-CONNECT",    "",     medium, medium,
              "a socket connects out to another host",
              "use a vetted client library, and only contact hosts the task requires"},
    rule_info{rule::destructive_delete,     "PY-DESTRUCTIVE-FS",    "",     high,   medium,
              "a file or directory tree is deleted at an absolute, root or home path",
              "delete only paths inside a directory the program created (e.g. tempfile.mkdtemp)"},
    rule_info{rule::secret_read,            "PY-SECRET-READ",       "",     high,   medium,
              "a secret is read: a password database, SSH key or cloud credentials",
              "never read credentials of the user or system; take the data the task needs as input"},
    rule_info{rule::insecure_hash,          "PY-INSECURE-HASH",     "B303", medium, high,
              "an MD2, MD4, MD5 or SHA-1 hash object from pycrypto or cryptography",
              "use SHA-256 or stronger (Crypto.Hash.SHA256, hashes.SHA256())"},
    rule_info{rule::weak_cipher,            "PY-WEAK-CIPHER",       "B304", high,   high,
              "a broken or weak cipher (ARC2, ARC4, Blowfish, DES, XOR, CAST5, IDEA, SEED, 3DES)",
              "use AES (e.g. AES-GCM) or ChaCha20-Poly1305"},
    rule_info{rule::cipher_ecb,             "PY-CIPHER-ECB",        "B305", medium, high,
              "the ECB block cipher mode leaks patterns of the plaintext",
              "use an authenticated mode such as GCM"},
    rule_info{rule::mark_safe,              "PY-MARK-SAFE",         "B308", medium, high,
              "django mark_safe() disables HTML escaping (cross-site scripting if misused)",
              "let templates escape, or build HTML with django.utils.html.format_html"},
    rule_info{rule::url_open,               "PY-URL-OPEN",          "B310", medium, high,
              "urllib opens a URL of any scheme, file:// and custom ones included",
              "check the scheme is http or https before opening the URL"},
    rule_info{rule::weak_random,            "PY-RANDOM",            "B311", low,    high,
              "the random module is not suitable for security or cryptographic purposes",
              "use the secrets module (secrets.token_hex, secrets.choice) for tokens and passwords"},
    rule_info{rule::telnet,                 "PY-TELNET",            "B312", high,   high,
              "telnet sends everything, passwords included, in clear text",
              "use SSH (e.g. paramiko) or another encrypted protocol"},
    rule_info{rule::xml_celementtree,       "PY-XML-CELEMENTTREE",  "B313", medium, high,
              "xml.etree.cElementTree parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.cElementTree, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_elementtree,        "PY-XML-ELEMENTTREE",   "B314", medium, high,
              "xml.etree.ElementTree parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.ElementTree, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_expatreader,        "PY-XML-EXPATREADER",   "B315", medium, high,
              "xml.sax.expatreader parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.expatreader, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_expatbuilder,       "PY-XML-EXPATBUILDER",  "B316", medium, high,
              "xml.dom.expatbuilder parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.expatbuilder, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_sax,                "PY-XML-SAX",           "B317", medium, high,
              "xml.sax parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.sax, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_minidom,            "PY-XML-MINIDOM",       "B318", medium, high,
              "xml.dom.minidom parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.minidom, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::xml_pulldom,            "PY-XML-PULLDOM",       "B319", medium, high,
              "xml.dom.pulldom parses untrusted XML unsafely (entity expansion attacks)",
              "use defusedxml.pulldom, or call defusedxml.defuse_stdlib()"},
    rule_info{rule::ftp,                    "PY-FTP",               "B321", high,   high,
              "FTP sends everything, passwords included, in clear text",
              "use SFTP/SCP or FTPS (ftplib.FTP_TLS)"},
};
// clang-format on

constexpr const rule_info& describe(rule r) {
    return rule_catalog[static_cast<std::size_t>(r)];
}

constexpr bool catalog_is_indexed_by_rule() {
    for (std::size_t i = 0; i < rule_catalog.size(); ++i)
        if (static_cast<std::size_t>(rule_catalog[i].id) != i) return false;
    return true;
}
static_assert(catalog_is_indexed_by_rule(), "rule_catalog must list rules in enum order");

// The rule with this evo id or bandit id, or nullptr.
constexpr const rule_info* find_rule(std::string_view code_or_external_id) {
    if (code_or_external_id.empty()) return nullptr;
    for (const auto& info : rule_catalog)
        if (info.code == code_or_external_id || info.external_id == code_or_external_id)
            return &info;
    return nullptr;
}

} // namespace evo::python_security
