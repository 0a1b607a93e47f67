#include "paths.hpp"

#include "check_support.hpp"

#include "string_literals.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <utility>

namespace evo::python_security {

namespace {

// Following names bound to other expressions stops here, whatever the source says.
constexpr int max_depth = 8;

bool is_home_variable(std::optional<std::string> name) {
    return name == "HOME" || name == "USERPROFILE";
}

class path_reader {
  public:
    explicit path_reader(const module_view& m) : m_(m) {}

    // An expression: operands joined by `/` (pathlib) or `+` (strings).
    std::string read(token_range range, int depth) const {
        if (range.empty() || depth > max_depth) return std::string(unknown_part);
        std::string path;
        std::uint32_t operand = range.begin;
        bool joined_by_slash = false;
        for (std::uint32_t i = range.begin; i <= range.end; ++i) {
            if (i < range.end && !m_.at(i).is_op("/") && !m_.at(i).is_op("+")) {
                if (m_.partner(i) != no_token && m_.partner(i) > i && m_.partner(i) < range.end)
                    i = m_.partner(i);
                continue;
            }
            if (joined_by_slash) path += '/';
            path += read_operand({operand, i}, depth);
            joined_by_slash = i < range.end && m_.at(i).is_op("/");
            operand = i + 1;
        }
        return path;
    }

  private:
    std::string read_operand(token_range range, int depth) const {
        if (range.empty()) return std::string(unknown_part);
        const token& first = m_.at(range.begin);
        if (first.is_op("(") && m_.partner(range.begin) == range.end - 1)
            return read({range.begin + 1, range.end - 1}, depth + 1);
        if (first.kind == token_kind::string) {
            std::string text;
            for (std::uint32_t i = range.begin; i < range.end; ++i) {
                if (m_.at(i).kind != token_kind::string) return std::string(unknown_part);
                text += literal_text(m_.at(i));
            }
            return text;
        }
        if (!m_.starts_chain(range.begin)) return std::string(unknown_part);
        chain c = m_.resolve(range.begin, nullptr, range.end);
        if (c.end != range.end) return std::string(unknown_part);
        if (c.last_call_open != no_token) return read_call(range, c, depth);
        if (range.end == range.begin + 1) return read_name(first.text, depth);
        if (c.name == "os.environ[]" && m_.at(range.end - 1).is_op("]") &&
            is_home_variable(m_.string_value({m_.partner(range.end - 1) + 1, range.end - 1})))
            return "~";
        return std::string(unknown_part);
    }

    std::string read_name(std::string_view name, int depth) const {
        const binding* bound = m_.names().find(name);
        if (bound && bound->kind != binding_kind::qualified_name && bound->last > bound->first)
            return read({bound->first, bound->last}, depth + 1);
        return std::string(unknown_part);
    }

    std::string read_call(token_range range, const chain& c, int depth) const {
        std::string_view callee = c.name;
        if (callee.ends_with("()")) callee.remove_suffix(2);
        auto args = m_.arguments(c.last_call_open);
        const argument* first = positional_argument(args, 0);
        if (is_one_of(callee,
                      {"os.path.join", "os.path.expanduser", "os.path.abspath", "os.path.realpath",
                       "os.path.normpath", "os.path.expandvars", "os.fspath", "str", "pathlib.Path",
                       "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath"}))
            return join(args, depth);
        if (callee == "pathlib.Path.home") return "~";
        if (is_one_of(callee, {"os.getenv", "os.environ.get"}) && first &&
            is_home_variable(m_.string_value(first->value)))
            return "~";
        std::uint32_t dot = c.last_call_open - 2;
        if (c.last_call_open < range.begin + 3 || !m_.at(dot).is_op("."))
            return std::string(unknown_part);
        std::string_view method = m_.at(dot + 1).text;
        token_range receiver{range.begin, dot};
        if (is_one_of(method, {"expanduser", "resolve", "absolute", "as_posix"}))
            return read(receiver, depth + 1);
        if (method == "joinpath") return read(receiver, depth + 1) + "/" + join(args, depth);
        return std::string(unknown_part);
    }

    std::string join(const std::vector<argument>& args, int depth) const {
        std::string path;
        for (const auto& arg : args) {
            if (!arg.keyword.empty() || arg.stars != 0) continue;
            if (!path.empty()) path += '/';
            path += read(arg.value, depth + 1);
        }
        return path.empty() ? std::string(unknown_part) : path;
    }

    const module_view& m_;
};

std::string collapse_slashes(std::string_view path) {
    std::string out;
    for (char c : path)
        if (c != '/' || out.empty() || out.back() != '/') out += c;
    return out;
}

bool is_under(std::string_view path, std::string_view directory) {
    return path.starts_with(directory) &&
           (path.size() == directory.size() || path[directory.size()] == '/');
}

} // namespace

std::string path_text(const module_view& m, token_range range) {
    return collapse_slashes(path_reader(m).read(range, 0));
}

deletion_risk classify_deletion(std::string_view path) {
    while (path.size() > 1 && (path.ends_with("/") || path.ends_with("/*")))
        path.remove_suffix(path.ends_with("/") ? 1 : 2);
    if (path == "/" || path == "*" || path == "~" || path == "~*") return deletion_risk::critical;
    static constexpr std::array<std::string_view, 19> system_directories{
        "/bin",  "/boot", "/dev",  "/etc", "/home", "/lib", "/lib64", "/media", "/mnt",  "/opt",
        "/proc", "/root", "/sbin", "/srv", "/sys",  "/tmp", "/usr",   "/var",   "/Users"};
    for (auto directory : system_directories)
        if (path == directory) return deletion_risk::critical;
    for (auto directory : {"/bin", "/boot", "/etc", "/lib", "/sbin", "/usr"})
        if (is_under(path, directory)) return deletion_risk::critical;
    for (auto homes : {"/home/", "/Users/"}) {
        if (path.starts_with(homes) &&
            path.find('/', std::string_view(homes).size()) == std::string_view::npos)
            return deletion_risk::critical;
    }
    for (auto temporary : {"/tmp", "/var/tmp", "/dev/shm"})
        if (is_under(path, temporary)) return deletion_risk::none;
    if (path.starts_with("/") || path.starts_with("~/")) return deletion_risk::absolute;
    return deletion_risk::none;
}

std::optional<std::string_view> secret_kind(std::string_view path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> markers{{
        {"/etc/shadow", "the shadow password file"},
        {"/etc/gshadow", "the shadow group file"},
        {"/etc/master.passwd", "the password database"},
        {"/etc/sudoers", "the sudo configuration"},
        {"/etc/security/opasswd", "old passwords"},
        {".ssh/", "SSH keys"},
        {"id_rsa", "an SSH private key"},
        {"id_dsa", "an SSH private key"},
        {"id_ecdsa", "an SSH private key"},
        {"id_ed25519", "an SSH private key"},
        {".aws/credentials", "AWS credentials"},
        {".aws/config", "AWS configuration"},
        {".config/gcloud", "Google Cloud credentials"},
        {".azure/", "Azure credentials"},
        {".kube/config", "Kubernetes credentials"},
        {".docker/config.json", "Docker registry credentials"},
        {".netrc", "stored login passwords (.netrc)"},
        {".git-credentials", "stored git credentials"},
        {".pgpass", "stored PostgreSQL passwords"},
        {".gnupg/", "GnuPG keys"},
    }};
    if (path.ends_with(".pub")) return std::nullopt; // a public key is no secret
    for (auto [marker, kind] : markers) {
        for (auto at = path.find(marker); at != std::string_view::npos;
             at = path.find(marker, at + 1)) {
            bool starts_component = at == 0 || path[at - 1] == '/' || marker.front() == '/';
            if (starts_component) return kind;
        }
    }
    if (path.starts_with("/proc/") && path.ends_with("/environ"))
        return "another process's environment";
    if (path.ends_with(".ssh")) return "SSH keys";
    return std::nullopt;
}

} // namespace evo::python_security
