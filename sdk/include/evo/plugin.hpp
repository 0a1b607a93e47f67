// The C++ layer of the evo SDK: header-only, compiled into each plugin ("hourglass").
//
// A plugin is a class deriving from evo::provider, evo::validator, evo::cache or
// evo::scheduler, constructed from (evo::host_services, const boost::json::object& config), with a
// `static constexpr evo::plugin_info info`. A validator also declares the languages it judges:
//
//     static constexpr evo::language languages[] = {
//         {"python", "py", ".py", "python"}}; // name, aliases, extensions, shebang interpreters
//
// One macro per kind exports it:
//
//     EVO_VALIDATOR_PLUGIN(my_validator)
//
// Every call into the plugin is wrapped: exceptions become status codes and their message
// becomes last_error(), so nothing but C types crosses the boundary.
#pragma once

#include <evo/error.hpp> // evo::error, thrown to fail a call with a status
#include <evo/plugin.h>

#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace evo {

inline std::string_view view(evo_str s) noexcept { return {s.data ? s.data : "", s.size}; }
inline evo_str str(std::string_view s) noexcept { return {s.data(), s.size()}; }

// Thrown by validate() that did not judge the source (EVO_NOT_APPLICABLE, since 1.2), e.g. a
// test runner given no tests: the host counts the source as not judged by it, never as passed.
class not_applicable : public error {
public:
    explicit not_applicable(const std::string& why) : error(EVO_NOT_APPLICABLE, why) {}
};

struct plugin_info {
    const char* name;
    const char* version;
    const char* description;
    const char* config_schema = nullptr; // JSON Schema of the manifest table
    uint64_t flags = 0;                  // EVO_FLAG_*
    // The oldest ABI minor whose host features the plugin needs (descriptor abi_minor): raise
    // it only when the plugin cannot work without something marked "since 1.N".
    uint16_t abi_minor = 0;
};

// A language a validator judges (evo_language): comma-separated lists, lowercase.
struct language {
    const char* name;              // canonical, e.g. "python"
    const char* aliases = "";      // other names for --lang and code fences, e.g. "py,python3"
    const char* extensions = "";   // with the dot, e.g. ".py,.pyw"
    const char* interpreters = ""; // shebang programs, e.g. "python,python3"
    // A test-running validator's command contract (since 1.2): all four or none.
    const char* command_file = "";      // the program in the sandbox, e.g. "command.py"
    const char* test_file = "";         // its tests, e.g. "test_command.py"
    const char* runner = "";            // runs it: RUNNER FILE ARGS..., e.g. "python3"
    const char* test_instructions = ""; // how tests are written, for the model
};

// A rule a validator reports (evo_rule, since 1.4), for `evo rules` and --select/--ignore:
//
//     static constexpr evo::rule rules[] = {
//         {"PY-EVAL", EVO_SEVERITY_MEDIUM, "B307", "eval() runs arbitrary code"}};
//
// Optional: a validator without `rules` declares none. An open-ended family (a peer tool's
// codes, failing tests) is one rule whose id is the prefix its findings start with.
struct rule {
    const char* id;                       // the findings' rule_id, or a family's prefix
    int32_t severity = EVO_SEVERITY_MEDIUM; // default evo_severity
    const char* external_id = "";         // a peer tool's id, e.g. "B307", "SC2086"
    const char* summary = "";             // one line; required
    const char* suppression = "";         // the comment that silences it ("{id}" replaced); "": none
};

// A value computed on first use, exactly once whatever the threads (e.g. a tool's version
// for validator::identity()). A computation that throws is tried again next time. A mutex,
// not std::call_once: libstdc++'s call_once over pthread_once aborts the process when the
// computation throws (GCC PR 66146), so a missing tool would kill the host.
template <class T>
class once_value {
public:
    template <class F>
    const T& get(F&& compute) {
        std::lock_guard lock(mutex_);
        if (!computed_) {
            value_ = compute();
            computed_ = true;
        }
        return value_;
    }

private:
    std::mutex mutex_;
    bool computed_ = false;
    T value_{};
};

// Streams bytes to a host callback; throws evo::error(EVO_ERR_STOPPED) when the host says stop.
class sink {
public:
    sink(evo_write_fn fn, void* ctx) noexcept : fn_(fn), ctx_(ctx) {}
    void write(std::string_view chunk) const {
        if (fn_ && fn_(ctx_, str(chunk)) != EVO_OK)
            throw error(EVO_ERR_STOPPED, "the host stopped the stream");
    }

private:
    evo_write_fn fn_;
    void* ctx_;
};

// Cancellation and deadline of the current call.
class call {
public:
    explicit call(const evo_call* c) noexcept : c_(c) {}
    bool cancelled() const noexcept {
        return has(offsetof(evo_call, is_cancelled) + sizeof c_->is_cancelled) && c_->is_cancelled &&
               c_->is_cancelled(c_);
    }
    int64_t deadline_unix_ms() const noexcept {
        return has(offsetof(evo_call, deadline_unix_ms) + sizeof c_->deadline_unix_ms) ? c_->deadline_unix_ms
                                                                                     : 0;
    }
    const evo_call* raw() const noexcept { return c_; }
    void throw_if_cancelled() const {
        if (cancelled()) throw error(EVO_ERR_CANCELLED, "cancelled");
    }

private:
    // A call may come from an older writer: read only the fields its struct_size covers.
    bool has(std::size_t end) const noexcept { return c_ && c_->struct_size >= end; }

    const evo_call* c_;
};

// Collects a byte stream into a std::string (for host services that stream).
inline evo_status append_to_string(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
    return EVO_OK;
}

struct process_output {
    int exit_code = 0;
    int term_signal = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
};

// A file placed read-only in the sandbox's work directory (evo_process_file, since 1.2).
struct process_file {
    std::string name; // a plain file name: the program finds it in its cwd
    std::string_view content;
    bool executable = false;
};

struct process_limits {
    uint32_t timeout_ms = 0;
    uint64_t memory_bytes = 0;
    uint32_t cpu_seconds = 0;
    uint64_t file_size_bytes = 0;
    uint32_t processes = 0;
    bool sandbox = false;
    // With sandbox only. Needs a 1.2 host: on an older one run() throws EVO_ERR_UNSUPPORTED
    // rather than run the program without them; declare abi_minor 2 to be refused instead.
    std::vector<process_file> files = {};
};

struct http_response {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
};

// The host's services, as given to create().
class host_services {
public:
    explicit host_services(const evo_host_api* api) noexcept : api_(api) {}

    void log(evo_log_level level, std::string_view message) const noexcept {
        api_->log(api_->host_data, level, str(message));
    }

    std::optional<std::string> cache_get(std::string_view key) const {
        std::string value;
        if (api_->cache_get(api_->host_data, str(key), append_to_string, &value) != EVO_OK)
            return std::nullopt;
        return value;
    }
    void cache_put(std::string_view key, std::string_view value, uint32_t ttl = 0) const {
        api_->cache_put(api_->host_data, str(key), str(value), ttl);
    }

    // Runs a program to completion; throws evo::error when it could not be run at all.
    process_output run(const call& c, const std::vector<std::string>& argv,
                       std::string_view stdin_data = {}, const process_limits& limits = {}) const {
        std::vector<evo_str> args;
        for (const auto& a : argv) args.push_back(str(a));
        if (!limits.files.empty() && (api_->abi_major != 1 || api_->abi_minor < 2))
            throw error(EVO_ERR_UNSUPPORTED, "this host (ABI " + std::to_string(api_->abi_major) + "." +
                                                 std::to_string(api_->abi_minor) +
                                                 ") cannot place files in the sandbox; it needs 1.2");
        std::vector<evo_process_file> files;
        for (const auto& f : limits.files)
            files.push_back({sizeof(evo_process_file), str(f.name), str(f.content), f.executable ? 1u : 0u});
        evo_process_request req{};
        req.struct_size = sizeof req;
        req.argv = args.data();
        req.argc = static_cast<uint32_t>(args.size());
        req.stdin_data = str(stdin_data);
        req.timeout_ms = limits.timeout_ms;
        req.memory_limit_bytes = limits.memory_bytes;
        req.cpu_limit_seconds = limits.cpu_seconds;
        req.file_size_limit_bytes = limits.file_size_bytes;
        req.process_limit = limits.processes;
        req.flags = limits.sandbox ? EVO_PROCESS_SANDBOX : 0;
        req.files = files.data();
        req.file_count = static_cast<uint32_t>(files.size());
        evo_process_result res{};
        res.struct_size = sizeof res;
        process_output out;
        evo_status s = api_->run_process(api_->host_data, c.raw(), &req, &res, append_to_string,
                                         &out.out, append_to_string, &out.err);
        if (s != EVO_OK) throw error(s, "cannot run " + (argv.empty() ? "" : argv[0]) + ": " + out.err);
        out.exit_code = res.exit_code;
        out.term_signal = res.term_signal;
        out.timed_out = res.timed_out != 0;
        return out;
    }

    // The command line that runs argv in the host's sandbox, for a process the plugin starts
    // and owns itself (evo_host_api.sandbox_command); nullopt when the host has no such
    // service (a 1.0 host). Throws evo::error, with the host's reason, when the sandbox cannot
    // run argv here.
    std::optional<std::vector<std::string>> sandbox_command(
        const std::vector<std::string>& argv, const std::vector<std::string>& read_only_paths = {}) const {
        if (api_->struct_size < offsetof(evo_host_api, sandbox_command) + sizeof api_->sandbox_command ||
            !api_->sandbox_command)
            return std::nullopt;
        std::vector<evo_str> args, paths;
        for (const auto& a : argv) args.push_back(str(a));
        for (const auto& p : read_only_paths) paths.push_back(str(p));
        struct collected {
            std::vector<std::string> words;
        } out;
        auto collect = [](void* ctx, evo_str word) -> evo_status {
            static_cast<collected*>(ctx)->words.emplace_back(view(word));
            return EVO_OK;
        };
        evo_status s = api_->sandbox_command(api_->host_data, args.data(), static_cast<uint32_t>(args.size()),
                                             paths.data(), static_cast<uint32_t>(paths.size()), collect, &out);
        if (s != EVO_OK) {
            std::string why;
            for (const auto& w : out.words) why += w;
            throw error(s, why.empty() ? "the host's sandbox cannot run " + (argv.empty() ? "" : argv[0]) : why);
        }
        return std::move(out.words);
    }

    // One HTTP request; the body streams to `body`. Throws evo::error when no response came.
    http_response http(const call& c, std::string_view method, std::string_view url,
                       const std::vector<std::string>& headers, std::string_view body,
                       const sink& on_body, uint32_t stall_timeout_ms = 0) const {
        std::vector<evo_str> hs;
        for (const auto& h : headers) hs.push_back(str(h));
        evo_http_request req{};
        req.struct_size = sizeof req;
        req.method = str(method);
        req.url = str(url);
        req.headers = hs.data();
        req.header_count = static_cast<uint32_t>(hs.size());
        req.body = str(body);
        req.stall_timeout_ms = stall_timeout_ms;
        http_response res;
        int32_t status = 0;
        auto on_header = [](void* ctx, evo_str n, evo_str v) -> evo_status {
            static_cast<http_response*>(ctx)->headers.emplace_back(view(n), view(v));
            return EVO_OK;
        };
        auto on_chunk = [](void* ctx, evo_str chunk) -> evo_status {
            try {
                static_cast<const sink*>(ctx)->write(view(chunk));
                return EVO_OK;
            } catch (...) {
                return EVO_ERR_STOPPED;
            }
        };
        evo_status s = api_->http(api_->host_data, c.raw(), &req, &status, on_header, &res,
                                  on_chunk, const_cast<sink*>(&on_body));
        if (s != EVO_OK) throw error(s, "HTTP " + std::string(method) + " " + std::string(url) + " failed");
        res.status = status;
        return res;
    }

    // Ask the manifest's provider instance `provider_id` for a completion; returns its text.
    std::string complete(const call& c, std::string_view provider_id,
                         std::string_view request_json) const {
        std::string text;
        evo_status s = api_->complete(api_->host_data, c.raw(), str(provider_id),
                                      str(request_json), append_to_string, &text);
        if (s != EVO_OK)
            throw error(s, "provider '" + std::string(provider_id) + "' failed: " + text);
        return text;
    }

    const evo_host_api* raw() const noexcept { return api_; }

private:
    const evo_host_api* api_;
};

// --- the four kinds -------------------------------------------------------------------------

struct completion {
    uint64_t prompt_tokens = 0;
    uint64_t completion_tokens = 0;
    bool truncated = false;
    std::string model;
};

class provider {
public:
    virtual ~provider() = default;
    // Stream the answer's text to `text`; return usage.
    virtual completion complete(const call& c, std::string_view request_json, const sink& text) = 0;
};

struct source {
    std::string_view text;
    std::string_view language;
    std::string_view path;
    // Tests generated with the code (since 1.2; empty from an older host): a validator that
    // runs them declares EVO_FLAG_RUNS_TESTS and throws not_applicable when there are none.
    std::string_view tests = {};
};

struct finding {
    std::string rule_id;
    evo_severity severity = EVO_SEVERITY_MEDIUM;
    evo_severity confidence = EVO_SEVERITY_HIGH;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string message;
    std::string fix_hint;
    std::string external_id;
};

class finding_sink {
public:
    finding_sink(evo_finding_fn fn, void* ctx) noexcept : fn_(fn), ctx_(ctx) {}
    void report(const finding& f) const {
        evo_finding raw{};
        raw.struct_size = sizeof raw;
        raw.rule_id = str(f.rule_id);
        raw.severity = f.severity;
        raw.confidence = f.confidence;
        raw.line = f.line;
        raw.column = f.column;
        raw.message = str(f.message);
        raw.fix_hint = str(f.fix_hint);
        raw.external_id = str(f.external_id);
        if (fn_(ctx_, &raw) != EVO_OK) throw error(EVO_ERR_STOPPED, "the host stopped the findings");
    }

private:
    evo_finding_fn fn_;
    void* ctx_;
};

// Besides validate(), a validator may define `std::string identity()`: one line naming what
// its answers depend on beyond its configuration (tool versions), computed once (see
// once_value). The host puts it in the cache key. With it, `std::vector<std::string>
// identity_files()` (since 1.3) names the files that identity() depends on (program_files()
// of each tool it runs): while none of them changes, the host reuses the identity it saw
// before without loading the plugin.
class validator {
public:
    virtual ~validator() = default;
    // Report every finding; returning without one means the source passed. Throw
    // not_applicable when this validator did not judge the source.
    virtual void validate(const call& c, const source& src, const finding_sink& out) = 0;
};

// The files that decide which program runs for `program` as the host runs it (a path, or a
// name looked up on the host's PATH), for identity_files(): the file found, and each PATH
// directory searched up to it, so that a program put earlier on PATH (or installed where
// there was none) changes a directory's modification time. Absolute paths.
inline std::vector<std::string> program_files(const std::string& program) {
    // Not std::filesystem: its <iomanip> would give every plugin's `quoted(std::string)` an
    // ambiguous std::quoted through ADL.
    auto absolute = [](const std::string& p) {
        if (!p.empty() && p.front() == '/') return p;
        std::string cwd(4096, '\0');
        if (!::getcwd(cwd.data(), cwd.size())) return p;
        cwd.resize(std::char_traits<char>::length(cwd.c_str()));
        return cwd + "/" + p;
    };
    if (program.find('/') != std::string::npos) return {absolute(program)};
    std::vector<std::string> files;
    const char* env = std::getenv("PATH");
    std::string_view dirs = env ? env : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const std::size_t colon = dirs.find(':');
        const std::string dir = dirs.substr(0, colon).empty() ? "." : std::string(dirs.substr(0, colon));
        files.push_back(absolute(dir));
        const std::string candidate = dir + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) {
            files.push_back(absolute(candidate));
            return files;
        }
        if (colon == std::string_view::npos) return files;
        dirs.remove_prefix(colon + 1);
    }
}

// The first line a tool prints, e.g. tool_version(host, {"bash", "--version"}) for identity().
// Throws evo::error when the tool cannot be run.
inline std::string tool_version(const host_services& host, const std::vector<std::string>& argv,
                                uint32_t timeout_ms = 10000) {
    process_limits limits;
    limits.timeout_ms = timeout_ms;
    process_output out = host.run(call(nullptr), argv, {}, limits);
    if (out.timed_out) throw error(EVO_ERR_TIMEOUT, argv.front() + " did not say its version in time");
    std::string_view text = out.out.find_first_not_of(" \t\r\n") != std::string::npos ? out.out : out.err;
    std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return argv.front() + ": no version (exit " + std::to_string(out.exit_code) + ")";
    text.remove_prefix(start);
    text = text.substr(0, text.find_first_of("\r\n"));
    return std::string(text);
}

struct cache_stats {
    uint64_t hits = 0, misses = 0, entries = 0, bytes = 0, evictions = 0;
};

class cache {
public:
    virtual ~cache() = default;
    virtual std::optional<std::string> get(std::string_view key) = 0;
    virtual void put(std::string_view key, std::string_view value, uint32_t ttl_seconds) = 0;
    virtual bool erase(std::string_view key) = 0;
    // Optional, as in the C ABI: a cache that does not override stats(), clear() or gc() leaves
    // that function pointer NULL (detected at compile time, see detail::cache_calls), so the
    // host says it does not offer it, exactly as for a C plugin. The bodies here are for
    // C++ callers of the class only; the host never reaches them.
    virtual cache_stats stats() { throw error(EVO_ERR_UNSUPPORTED, "this cache keeps no statistics"); }
    // since 1.2: remove every entry this instance can see.
    virtual void clear() { throw error(EVO_ERR_UNSUPPORTED, "this cache cannot be cleared"); }
    // since 1.2: drop expired entries now (and enforce the size cap); returns how many went.
    virtual uint64_t gc() { throw error(EVO_ERR_UNSUPPORTED, "this cache has no garbage collection"); }
};

class task_batch {
public:
    explicit task_batch(const evo_task_batch* b) noexcept : b_(b) {}
    uint64_t size() const noexcept { return b_->task_count; }
    uint32_t max_concurrency() const noexcept { return b_->max_concurrency; }
    evo_status run(uint64_t i) const noexcept { return b_->run_task(b_->batch_ctx, i); }
    void complete(uint64_t i, evo_status s) const noexcept { b_->on_complete(b_->batch_ctx, i, s); }
    bool describable() const noexcept { return b_->describe_task != nullptr; }
    std::string describe(uint64_t i) const {
        std::string out;
        if (!b_->describe_task) throw error(EVO_ERR_UNSUPPORTED, "batch cannot be serialised");
        evo_status s = b_->describe_task(b_->batch_ctx, i, append_to_string, &out);
        if (s != EVO_OK) throw error(s, "cannot serialise task");
        return out;
    }

private:
    const evo_task_batch* b_;
};

class scheduler {
public:
    virtual ~scheduler() = default;
    // Run and complete() every task; stop starting new ones once c.cancelled().
    virtual void run(const call& c, const task_batch& batch) = 0;
};

// --- config helpers -------------------------------------------------------------------------

// Reads an optional key of the (schema-validated) config table. A value the type cannot hold
// (a schema without a maximum lets 99999999999 through to a uint32_t) throws
// evo::error(EVO_ERR_INVALID_ARGUMENT) naming the key in plain words, never Boost's own text.
template <class T>
T config_value(const boost::json::object& config, std::string_view key, T fallback) {
    auto it = config.find(key);
    if (it == config.end() || it->value().is_null()) return fallback;
    const boost::json::value& v = it->value();
    auto bad = [&](const std::string& why) {
        return error(EVO_ERR_INVALID_ARGUMENT, "config: '" + std::string(key) + "' " + why);
    };
    if constexpr (std::is_same_v<T, std::string>) {
        if (!v.is_string()) throw bad("must be a string");
        return std::string(v.get_string());
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_bool()) throw bad("must be true or false");
        return v.get_bool();
    } else if constexpr (std::is_arithmetic_v<T>) {
        boost::system::error_code ec;
        T number = v.to_number<T>(ec);
        if (!ec) return number;
        if (!v.is_number()) throw bad("must be a number");
        throw bad("is out of range for this plugin, got " + boost::json::serialize(v));
    } else {
        auto converted = boost::json::try_value_to<T>(v);
        if (!converted) throw bad("does not have the expected form");
        return *converted;
    }
}

// --- boundary plumbing ----------------------------------------------------------------------

namespace detail {

inline std::string& last_error_message() {
    thread_local std::string message;
    return message;
}

// Runs `body`, turning every exception into a status code and last_error().
template <class F>
evo_status guard(F&& body) noexcept {
    try {
        body();
        last_error_message().clear();
        return EVO_OK;
    } catch (const error& e) {
        try { last_error_message() = e.what(); } catch (...) {}
        return e.status();
    } catch (const std::bad_alloc&) {
        try { last_error_message() = "out of memory"; } catch (...) {}
        return EVO_ERR_INTERNAL;
    } catch (const std::exception& e) {
        try { last_error_message() = e.what(); } catch (...) {}
        return EVO_ERR_INTERNAL;
    } catch (...) {
        try { last_error_message() = "unknown exception"; } catch (...) {}
        return EVO_ERR_INTERNAL;
    }
}

// Writes `value` into a struct the other side owns, no further than its declared struct_size:
// an older writer's struct is smaller than ours.
template <class S>
void write_declared(S* into, S value) noexcept {
    if (!into) return;
    value.struct_size = into->struct_size;
    std::memcpy(static_cast<void*>(into), &value, std::min<std::size_t>(into->struct_size, sizeof value));
}

template <class T>
T& self(evo_instance* instance) noexcept {
    return *reinterpret_cast<T*>(instance);
}

template <class T>
struct lifecycle {
    static evo_status create(const evo_host_api* api, evo_str config_json, evo_instance** out,
                             evo_write_fn error_fn, void* error_ctx) noexcept {
        *out = nullptr;
        evo_status s = guard([&] {
            boost::json::object config;
            if (config_json.size) {
                boost::json::value v = boost::json::parse(view(config_json));
                if (!v.is_object()) throw error(EVO_ERR_INVALID_ARGUMENT, "config is not an object");
                config = std::move(v.as_object());
            }
            auto* instance = new T(host_services(api), config);
            *out = reinterpret_cast<evo_instance*>(instance);
        });
        if (s != EVO_OK && error_fn) error_fn(error_ctx, str(last_error_message()));
        return s;
    }
    static void destroy(evo_instance* instance) noexcept { delete &self<T>(instance); }
    static const char* last_error(evo_instance*) noexcept { return last_error_message().c_str(); }
};

template <class T>
struct provider_calls {
    static evo_status complete(evo_instance* i, const evo_call* c, evo_str request,
                               evo_write_fn fn, void* ctx, evo_completion_info* info) noexcept {
        return guard([&] {
            completion r = self<T>(i).complete(call(c), view(request), sink(fn, ctx));
            thread_local std::string model;
            model = r.model;
            evo_completion_info filled{};
            filled.prompt_tokens = r.prompt_tokens;
            filled.completion_tokens = r.completion_tokens;
            filled.truncated = r.truncated ? 1 : 0;
            filled.model = str(model);
            write_declared(info, filled);
        });
    }
    static constexpr evo_provider_api api{sizeof(evo_provider_api), &complete};
};

// The layer is C++17: detection by void_t, not concepts.
template <class T, class = void>
struct declares_languages : std::false_type {};
template <class T>
struct declares_languages<T, std::void_t<decltype(std::size(T::languages))>> : std::true_type {};

template <class T, class = void>
struct has_identity : std::false_type {};
template <class T>
struct has_identity<T, std::void_t<decltype(std::declval<T&>().identity())>>
    : std::is_convertible<decltype(std::declval<T&>().identity()), std::string> {};

template <class T, class = void>
struct has_identity_files : std::false_type {};
template <class T>
struct has_identity_files<T, std::void_t<decltype(std::declval<T&>().identity_files())>>
    : std::is_convertible<decltype(std::declval<T&>().identity_files()), std::vector<std::string>> {};

// The C strings and tables of evo_validator_api, built at compile time from T::languages.
template <class T>
struct language_declarations {
    static_assert(declares_languages<T>::value,
                  "a validator declares the languages it judges: "
                  "static constexpr evo::language languages[] = {{\"name\", ...}};");
    static constexpr std::size_t count = std::size(T::languages);
    static_assert(count > 0, "a validator judges at least one language");

    // "a,b,c": every name, a comma between them, and the terminating NUL.
    static constexpr std::size_t names_size = [] {
        std::size_t n = 0;
        for (const language& l : T::languages) n += std::char_traits<char>::length(l.name) + 1;
        return n;
    }();
    static constexpr std::array<char, names_size> names = [] {
        std::array<char, names_size> out{};
        std::size_t at = 0;
        for (const language& l : T::languages) {
            if (at) out[at++] = ',';
            for (const char* p = l.name; *p; ++p) out[at++] = *p;
        }
        return out;
    }();
    static constexpr std::array<evo_language, count> entries = [] {
        std::array<evo_language, count> out{};
        for (std::size_t i = 0; i < count; ++i)
            out[i] = {sizeof(evo_language),
                      T::languages[i].name,
                      T::languages[i].aliases,
                      T::languages[i].extensions,
                      T::languages[i].interpreters,
                      T::languages[i].command_file,
                      T::languages[i].test_file,
                      T::languages[i].runner,
                      T::languages[i].test_instructions};
        return out;
    }();
    static constexpr std::array<const evo_language*, count> table = [] {
        std::array<const evo_language*, count> out{};
        for (std::size_t i = 0; i < count; ++i) out[i] = &entries[i];
        return out;
    }();
};

template <class T, class = void>
struct declares_rules : std::false_type {};
template <class T>
struct declares_rules<T, std::void_t<decltype(std::size(T::rules))>> : std::true_type {};

// The rule_table of evo_validator_api, built at compile time from T::rules (none without it).
template <class T, bool = declares_rules<T>::value>
struct rule_declarations {
    static constexpr const evo_rule* const* table() noexcept { return nullptr; }
    static constexpr uint32_t count = 0;
};
template <class T>
struct rule_declarations<T, true> {
    static constexpr std::size_t size = std::size(T::rules);
    static_assert(size > 0, "an empty `rules` declares nothing: leave it out");
    static constexpr std::array<evo_rule, size> entries = [] {
        std::array<evo_rule, size> out{};
        std::size_t i = 0;
        for (const rule& r : T::rules)
            out[i++] = {sizeof(evo_rule), r.id, r.severity, r.external_id, r.summary,
                             r.suppression};
        return out;
    }();
    static constexpr std::array<const evo_rule*, size> pointers = [] {
        std::array<const evo_rule*, size> out{};
        for (std::size_t i = 0; i < size; ++i) out[i] = &entries[i];
        return out;
    }();
    static constexpr const evo_rule* const* table() noexcept { return pointers.data(); }
    static constexpr uint32_t count = static_cast<uint32_t>(size);
};

template <class T>
struct validator_calls {
    static evo_status validate(evo_instance* i, const evo_call* c, const evo_source* s,
                               evo_finding_fn fn, void* ctx) noexcept {
        return guard([&] {
            // An older host's evo_source may end before `tests`.
            const bool has_tests = s->struct_size >= offsetof(evo_source, tests) + sizeof s->tests;
            self<T>(i).validate(call(c),
                                source{view(s->text), view(s->language), view(s->path),
                                       has_tests ? view(s->tests) : std::string_view{}},
                                finding_sink(fn, ctx));
        });
    }
    static evo_status identity(evo_instance* i, evo_write_fn out, void* ctx) noexcept {
        std::string text;
        evo_status s = guard([&] { text = self<T>(i).identity(); });
        if (s != EVO_OK) return s;
        return out(ctx, str(text)) == EVO_OK ? EVO_OK : EVO_ERR_STOPPED;
    }
    // NULL when T defines no identity(): only then is `identity` above never instantiated.
    static constexpr decltype(&identity) identity_or_null() noexcept {
        if constexpr (has_identity<T>::value) return &identity;
        else return nullptr;
    }
    static evo_status identity_files(evo_instance* i, evo_write_fn out, void* ctx) noexcept {
        std::vector<std::string> files;
        evo_status s = guard([&] { files = self<T>(i).identity_files(); });
        if (s != EVO_OK) return s;
        for (const auto& f : files)
            if (out(ctx, evo_str{f.c_str(), f.size() + 1}) != EVO_OK) return EVO_ERR_STOPPED; // with its NUL
        return EVO_OK;
    }
    // NULL unless T defines identity_files(), and identity() beside it.
    static constexpr decltype(&identity_files) identity_files_or_null() noexcept {
        if constexpr (has_identity<T>::value && has_identity_files<T>::value) return &identity_files;
        else return nullptr;
    }
    using languages = language_declarations<T>;
    static constexpr evo_validator_api api{sizeof(evo_validator_api),
                                           languages::names.data(),
                                           &validate,
                                           languages::table.data(),
                                           static_cast<uint32_t>(languages::count),
                                           identity_or_null(),
                                           identity_files_or_null(),
                                           rule_declarations<T>::table(),
                                           rule_declarations<T>::count};
};

template <class T>
struct cache_calls {
    static evo_status get(evo_instance* i, evo_str key, evo_write_fn fn, void* ctx) noexcept {
        std::optional<std::string> value;
        evo_status s = guard([&] { value = self<T>(i).get(view(key)); });
        if (s != EVO_OK) return s;
        if (!value) return EVO_ERR_NOT_FOUND;
        return fn(ctx, str(*value)) == EVO_OK ? EVO_OK : EVO_ERR_STOPPED;
    }
    static evo_status put(evo_instance* i, evo_str key, evo_str value, uint32_t ttl) noexcept {
        return guard([&] { self<T>(i).put(view(key), view(value), ttl); });
    }
    static evo_status erase(evo_instance* i, evo_str key) noexcept {
        bool found = false;
        evo_status s = guard([&] { found = self<T>(i).erase(view(key)); });
        return s != EVO_OK ? s : (found ? EVO_OK : EVO_ERR_NOT_FOUND);
    }
    static evo_status stats(evo_instance* i, evo_cache_stats* out) noexcept {
        return guard([&] {
            cache_stats st = self<T>(i).stats();
            evo_cache_stats filled{};
            filled.hits = st.hits;
            filled.misses = st.misses;
            filled.entries = st.entries;
            filled.bytes = st.bytes;
            filled.evictions = st.evictions;
            write_declared(out, filled);
        });
    }
    static evo_status clear(evo_instance* i) noexcept {
        return guard([&] { self<T>(i).clear(); });
    }
    static evo_status gc(evo_instance* i, uint64_t* removed) noexcept {
        return guard([&] {
            uint64_t n = self<T>(i).gc();
            if (removed) *removed = n;
        });
    }
    // A function T does not declare names evo::cache's own, so &T::f has evo::cache's member
    // type: then the C table gets NULL (an override anywhere between names another class).
    template <class F>
    static constexpr bool overrides(F) noexcept {
        return !std::is_same_v<F, cache_stats (::evo::cache::*)()> && !std::is_same_v<F, void (::evo::cache::*)()> &&
               !std::is_same_v<F, uint64_t (::evo::cache::*)()>;
    }
    static constexpr evo_cache_api api{sizeof(evo_cache_api),
                                       &get,
                                       &put,
                                       &erase,
                                       overrides(&T::stats) ? &stats : nullptr,
                                       overrides(&T::clear) ? &clear : nullptr,
                                       overrides(&T::gc) ? &gc : nullptr};
};

template <class T>
struct scheduler_calls {
    static evo_status run(evo_instance* i, const evo_call* c, const evo_task_batch* b) noexcept {
        return guard([&] { self<T>(i).run(call(c), task_batch(b)); });
    }
    // serve (ABI 1.3) has no C++ form yet: a scheduler that serves workers fills the C table.
    static constexpr evo_scheduler_api api{sizeof(evo_scheduler_api), &run, nullptr};
};

template <class T>
const evo_plugin_descriptor* descriptor(evo_kind kind, const void* kind_api,
                                        uint32_t host_major) noexcept {
    if (host_major != EVO_ABI_VERSION_MAJOR) return nullptr;
    static const evo_plugin_descriptor d{
        sizeof(evo_plugin_descriptor), EVO_ABI_VERSION_MAJOR, T::info.abi_minor,
        T::info.name, T::info.version, T::info.description, kind, T::info.flags,
        T::info.config_schema, &lifecycle<T>::create, &lifecycle<T>::destroy,
        &lifecycle<T>::last_error, kind_api};
    return &d;
}

} // namespace detail
} // namespace evo

#define EVO_DETAIL_PLUGIN(Class, Kind, Calls)                                                  \
    extern "C" EVO_PLUGIN_EXPORT const evo_plugin_descriptor* evo_plugin_entry(               \
        uint32_t host_abi_major, uint32_t host_abi_minor) {                                    \
        (void)host_abi_minor;                                                                  \
        return ::evo::detail::descriptor<Class>(Kind, &::evo::detail::Calls<Class>::api,       \
                                                host_abi_major);                               \
    }

#define EVO_PROVIDER_PLUGIN(Class) EVO_DETAIL_PLUGIN(Class, EVO_KIND_PROVIDER, provider_calls)
#define EVO_VALIDATOR_PLUGIN(Class) EVO_DETAIL_PLUGIN(Class, EVO_KIND_VALIDATOR, validator_calls)
#define EVO_CACHE_PLUGIN(Class) EVO_DETAIL_PLUGIN(Class, EVO_KIND_CACHE, cache_calls)
#define EVO_SCHEDULER_PLUGIN(Class) EVO_DETAIL_PLUGIN(Class, EVO_KIND_SCHEDULER, scheduler_calls)
