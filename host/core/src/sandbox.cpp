#include <evo/host/sandbox.hpp>

#include <evo/host/process.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string_view>

namespace evo::host {
namespace {

// The top-level system directories: on merged-/usr systems they are links into /usr and are
// recreated as the same links; otherwise bound read-only like /usr.
constexpr const char* system_dirs[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

// What the dynamic loader and Debian's alternatives need, and the time zone. Nothing that
// holds a secret or names the host's users: no passwd, shadow, ssh, ssl or hosts.
constexpr const char* etc_entries[] = {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                                       "/etc/alternatives", "/etc/localtime"};

bool is_under(std::string_view path, std::string_view dir) {
    return path == dir || (path.starts_with(dir) && path.size() > dir.size() && path[dir.size()] == '/');
}

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool shown_anyway(std::string_view path) {
    if (is_under(path, "/usr")) return true;
    for (const char* dir : system_dirs)
        if (is_under(path, dir)) return true;
    return false;
}

bool visible_inside(std::string_view path, const sandbox_request& request) {
    if (shown_anyway(path)) return true;
    for (const std::string& extra : request.read_only_paths)
        if (is_under(path, extra)) return true;
    return false;
}

// The program as the sandbox will find it: its PATH holds only directories under /usr (or
// links to them), which are the host's own, so the host can look it up.
std::string program_inside(const sandbox_request& request) {
    const std::string& name = request.argv.front();
    if (name.find('/') == std::string::npos) {
        std::string_view rest = sandbox_path;
        while (!rest.empty()) {
            auto colon = rest.find(':');
            std::string candidate = std::string(rest.substr(0, colon)) + "/" + name;
            if (is_executable_file(candidate)) return candidate;
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    } else if (name.starts_with('/') && visible_inside(name, request) && is_executable_file(name)) {
        return name;
    }
    throw command_not_found(name + ": command not found in the sandbox (it sees only /usr and "
                                   "the paths a caller binds; its working directory is empty)");
}

void add(std::vector<std::string>& argv, std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) argv.emplace_back(w);
}

void add_system_dirs(std::vector<std::string>& argv) {
    add(argv, {"--ro-bind", "/usr", "/usr"});
    for (const char* dir : system_dirs) {
        struct stat st {};
        if (::lstat(dir, &st) != 0) continue;
        if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t n = ::readlink(dir, target, sizeof target - 1);
            if (n > 0) add(argv, {"--symlink", std::string_view(target, static_cast<std::size_t>(n)), dir});
        } else if (S_ISDIR(st.st_mode)) {
            add(argv, {"--ro-bind", dir, dir});
        }
    }
    for (const char* entry : etc_entries) add(argv, {"--ro-bind-try", entry, entry});
}

void add_environment(std::vector<std::string>& argv, const std::vector<std::string>& granted) {
    add(argv, {"--clearenv", "--setenv", "PATH", sandbox_path, "--setenv", "HOME", "/tmp",
               "--setenv", "LANG", "C.UTF-8"});
    for (const std::string& name : granted)
        if (const char* value = std::getenv(name.c_str())) add(argv, {"--setenv", name, value});
}

// Fresh, size-capped tmpfs directories (tmpfs pages are not counted by RLIMIT_AS).
void add_scratch(std::vector<std::string>& argv) {
    const std::string size = std::to_string(sandbox_defaults.file_size_bytes);
    add(argv, {"--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/tmp", "--size", size,
               "--tmpfs", sandbox_work_dir});
}

// The caller's files, copied by bwrap from the descriptors it inherits into files of its own
// and bound read-only over them: the program can neither change them nor replace them (a mount
// point cannot be unlinked or renamed), while the rest of the work directory stays writable.
void add_data_files(std::vector<std::string>& argv, const std::vector<sandbox_data_file>& files) {
    std::set<std::string_view> seen;
    for (const sandbox_data_file& file : files) {
        require_plain_file_name(file.name);
        if (!seen.insert(file.name).second)
            throw std::invalid_argument("sandbox file name given twice: " + file.name);
        add(argv, {"--perms", file.executable ? "0555" : "0444", "--ro-bind-data", std::to_string(file.fd),
                   std::string(sandbox_work_dir) + "/" + file.name});
    }
}

// A uid no other sandbox of this process uses, and unlikely to be another process's: the
// pid picks a block, a counter a uid within it.
uid_t next_sandbox_id() {
    static std::atomic<uint32_t> counter{0};
    constexpr uint32_t per_process = 1024;
    const auto block = static_cast<uint32_t>(::getpid()) % (sandbox_id_count / per_process);
    return sandbox_first_id + block * per_process + counter.fetch_add(1) % per_process;
}

} // namespace

void require_plain_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos ||
        name.find('\0') != std::string_view::npos)
        throw std::invalid_argument("not a plain file name for the sandbox's work directory: \"" +
                                    std::string(name.substr(0, name.find('\0'))) + "\"");
}

sandbox_unavailable::sandbox_unavailable()
    : sandbox_unavailable("the sandbox needs bubblewrap, and no bwrap is in PATH (Debian: apt install bubblewrap)") {}

sandbox_unavailable::sandbox_unavailable(const std::string& message)
    : std::system_error(ENOENT, std::generic_category()), message_(message) {}

sandbox_launch prepare_sandbox(const sandbox_request& request) {
    if (request.argv.empty()) throw std::system_error(EINVAL, std::generic_category(), "empty command");
    sandbox_launch launch;
    std::string bwrap = find_in_path("bwrap");
    if (bwrap.empty()) throw sandbox_unavailable();
    std::string program = program_inside(request);
    // --unshare-user explicitly, so --disable-userns holds even if bwrap were setuid: no
    // nested user namespace (and so no capabilities over a nested mount namespace) inside.
    launch.argv = {bwrap};
    add(launch.argv, {"--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                      "--new-session", "--cap-drop", "ALL"});
    add_environment(launch.argv, request.granted_env);
    add_system_dirs(launch.argv);
    // A path the sandbox already shows needs no bind (and /bin is a link on merged /usr,
    // which a bind cannot cover).
    // bwrap mounts in order: the caller's binds come after the scratch tmpfs, which would
    // otherwise hide one under /tmp (a build tree there, say); the root is made read-only
    // once everything is mounted.
    add_scratch(launch.argv);
    add_data_files(launch.argv, request.data_files);
    for (const std::string& path : request.read_only_paths)
        if (!shown_anyway(path)) add(launch.argv, {"--ro-bind", path, path});
    add(launch.argv, {"--remount-ro", "/", "--chdir", sandbox_work_dir});
    launch.argv.emplace_back("--");
    launch.argv.push_back(program);
    launch.argv.insert(launch.argv.end(), request.argv.begin() + 1, request.argv.end());
    if (::geteuid() == 0) {
        const uid_t id = next_sandbox_id();
        launch.identity = run_as{id, id};
    }
    return launch;
}

bool is_sandbox_id(uid_t id) {
    return id >= sandbox_first_id && id - sandbox_first_id < sandbox_id_count;
}

std::vector<std::string> command_line(const sandbox_launch& launch) {
    if (!launch.identity) return launch.argv;
    // setpriv is util-linux, essential on Debian; run_process drops the same way in its child.
    const std::string uid = std::to_string(launch.identity->uid);
    const std::string gid = std::to_string(launch.identity->gid);
    std::vector<std::string> argv{"/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"};
    argv.insert(argv.end(), launch.argv.begin(), launch.argv.end());
    return argv;
}

} // namespace evo::host
