/*
 * evo plugin ABI, version 1.4 -- the contract between the evo host and its plugins.
 *
 * This header is pure C99 and is the only thing a plugin and the host share. The C++ layer
 * in <evo/plugin.hpp> is a convenience compiled into each plugin; the host never sees it.
 *
 * Rules (see docs/plugins.md, "Compatibility promise"):
 *  - A plugin exports exactly one function, evo_plugin_entry(), returning a const descriptor.
 *  - ABI major must match the host's. The descriptor's abi_minor is the oldest minor whose
 *    host the plugin works with (the features it needs), not the header it was compiled
 *    with; a host older than that minor refuses it.
 *  - Every struct starts with struct_size. Fields are only ever appended, each marked with the
 *    minor that added it. Readers copy min(struct_size, sizeof) bytes into a zero-filled copy,
 *    so a field the writer did not know about reads as zero / NULL.
 *  - Only C types cross the boundary. evo_str is borrowed for the duration of one call.
 *    Neither side frees memory the other allocated; results flow through callbacks and the
 *    receiver copies what it keeps.
 *  - Errors are int32 status codes (evo_status); detail comes from last_error().
 *  - No exception may cross the boundary.
 *
 * Each function below documents:
 *   Required: whether the host refuses a plugin that leaves it NULL.
 *   Thread-safety: what the host guarantees about concurrent calls.
 */
#ifndef EVO_PLUGIN_H
#define EVO_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVO_ABI_VERSION_MAJOR 1
#define EVO_ABI_VERSION_MINOR 4

/* The symbol every plugin exports (with default visibility). */
#define EVO_PLUGIN_ENTRY_SYMBOL "evo_plugin_entry"

#if defined(__GNUC__)
#define EVO_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define EVO_PLUGIN_EXPORT
#endif

/* ---------------------------------------------------------------------------------------- */
/* Basic types                                                                               */
/* ---------------------------------------------------------------------------------------- */

/* A borrowed byte string; not NUL-terminated. Valid only during the call that passes it. */
typedef struct evo_str {
    const char* data;
    size_t size;
} evo_str;

/* Status codes. 0 is success; everything else is a failure whose detail is in last_error. */
typedef int32_t evo_status;
enum {
    EVO_OK = 0,
    EVO_ERR_INVALID_ARGUMENT = 1, /* bad config, bad request */
    EVO_ERR_NOT_FOUND = 2,        /* cache miss, request not in cassette, no such key */
    EVO_ERR_UNAVAILABLE = 3,      /* server unreachable, 5xx, tool missing */
    EVO_ERR_TIMEOUT = 4,          /* deadline passed or a stream stalled */
    EVO_ERR_CANCELLED = 5,        /* the host asked to stop */
    EVO_ERR_RATE_LIMITED = 6,     /* 429 after retries were exhausted */
    EVO_ERR_PROTOCOL = 7,         /* malformed or truncated answer */
    EVO_ERR_INTERNAL = 8,         /* a bug or an unexpected exception */
    EVO_ERR_UNSUPPORTED = 9,      /* operation not offered by this plugin */
    EVO_ERR_STOPPED = 10,         /* a callback asked the producer to stop */
    EVO_ERR_FORBIDDEN = 11,       /* since 1.1: refused by host policy (remote HTTP); never retry */
    /* since 1.2: validate() did not judge this source (e.g. a test runner given no tests); the
     * host counts it as not judged, never as passed. An older host treats it as a failure
     * (fail closed). */
    EVO_NOT_APPLICABLE = 12
};

typedef enum evo_kind {
    EVO_KIND_PROVIDER = 1,
    EVO_KIND_VALIDATOR = 2,
    EVO_KIND_CACHE = 3,
    EVO_KIND_SCHEDULER = 4
} evo_kind;

/* Descriptor flags. */
#define EVO_FLAG_THREAD_SAFE ((uint64_t)1 << 0) /* one instance may be called concurrently */
/* since 1.2, validators: validate() runs the tests that come with a source (evo_source.tests)
 * and reports failing ones as findings; `evo evolve` requires such a validator in the
 * pipeline. */
#define EVO_FLAG_RUNS_TESTS ((uint64_t)1 << 1)

/* Log levels, mapped by the host onto its logger. */
typedef enum evo_log_level {
    EVO_LOG_TRACE = 0,
    EVO_LOG_DEBUG = 1,
    EVO_LOG_INFO = 2,
    EVO_LOG_WARN = 3,
    EVO_LOG_ERROR = 4
} evo_log_level;

/* Receives a chunk of bytes (text, a cached value, a process's output). The receiver copies.
 * Return EVO_OK to continue; any other value asks the producer to stop as soon as it can,
 * and the producer then returns EVO_ERR_STOPPED. */
typedef evo_status (*evo_write_fn)(void* ctx, evo_str chunk);

/* An opaque plugin instance. */
typedef struct evo_instance evo_instance;

/* ---------------------------------------------------------------------------------------- */
/* Per-call context: cancellation and deadline                                               */
/* ---------------------------------------------------------------------------------------- */

/* A plugin may pass host services a copy of the call it received with an earlier deadline
 * (host_data and is_cancelled left as they are), to bound one step of its work. The host
 * reads deadline_unix_ms while a service runs (e.g. on every progress callback of an HTTP
 * transfer), so a plugin may move the deadline of its own copy from a callback of that
 * service (e.g. lift a first-token limit once text arrives). */

typedef struct evo_call {
    uint32_t struct_size;
    /* Wall-clock deadline in milliseconds since the Unix epoch; 0 means none. */
    int64_t deadline_unix_ms;
    /* Returns non-zero once the host wants the call to stop. Poll it in long loops.
     * Required (always set by the host). Thread-safe. Cheap: an atomic load. */
    int32_t (*is_cancelled)(const struct evo_call* call);
    void* host_data; /* host-private; plugins must not touch it */
} evo_call;

/* ---------------------------------------------------------------------------------------- */
/* Host services, given to every plugin at create()                                          */
/* ---------------------------------------------------------------------------------------- */

typedef struct evo_http_request {
    uint32_t struct_size;
    evo_str method;            /* "GET", "POST" */
    evo_str url;               /* the host only permits loopback unless configured otherwise */
    const evo_str* headers;    /* "Name: value" lines */
    uint32_t header_count;
    evo_str body;
    uint32_t connect_timeout_ms; /* 0: host default */
    uint32_t stall_timeout_ms;   /* abort when no byte arrives for this long; 0: host default */
} evo_http_request;

/* Receives one response header (name and value trimmed). Return EVO_OK to continue. */
typedef evo_status (*evo_header_fn)(void* ctx, evo_str name, evo_str value);

/* since 1.2: a file placed in the sandbox's work directory (evo_process_request.files). */
typedef struct evo_process_file {
    uint32_t struct_size;
    evo_str name;        /* a plain file name: no '/', not "." or ".."; unique in one request */
    evo_str content;     /* any bytes */
    uint32_t executable; /* non-zero: mode 0555, else 0444 */
} evo_process_file;

typedef struct evo_process_request {
    uint32_t struct_size;
    const evo_str* argv; /* argv[0] is looked up in PATH */
    uint32_t argc;
    evo_str stdin_data;
    uint32_t timeout_ms;           /* wall clock; 0: none beyond the call's deadline */
    uint64_t memory_limit_bytes;   /* RLIMIT_AS; 0: none */
    uint32_t cpu_limit_seconds;    /* RLIMIT_CPU; 0: none */
    uint64_t file_size_limit_bytes;/* RLIMIT_FSIZE; 0: none */
    uint32_t process_limit;        /* RLIMIT_NPROC; 0: none */
    uint32_t flags;                /* EVO_PROCESS_* */
    /* since 1.2, with EVO_PROCESS_SANDBOX only: files placed read-only in the sandbox's work
     * directory (the program's cwd) before it starts; an array of file_count structs, each
     * struct_size bytes (the plugin's sizeof) after the previous one. A bad name, a name
     * given twice, or files without EVO_PROCESS_SANDBOX: EVO_ERR_INVALID_ARGUMENT, and
     * nothing runs. A 1.1 host ignores these fields: a plugin that needs them declares
     * abi_minor 2. */
    const evo_process_file* files;
    uint32_t file_count;
} evo_process_request;

#define EVO_PROCESS_SANDBOX (1u << 0) /* run under the host's bubblewrap sandbox */

typedef struct evo_process_result {
    uint32_t struct_size;
    int32_t exit_code;   /* -1 when killed by a signal */
    int32_t term_signal; /* 0 unless killed by a signal */
    int32_t timed_out;   /* non-zero when the host killed it for the timeout */
} evo_process_result;

typedef struct evo_host_api {
    uint32_t struct_size;
    uint16_t abi_major; /* the host's ABI version */
    uint16_t abi_minor;
    void* host_data;    /* pass back as the first argument of every service */

    /* Log a message under the plugin's name. Required. Thread-safe. */
    void (*log)(void* host_data, int32_t level, evo_str message);

    /* Read a value from the pipeline's cache: EVO_OK and `out` called once, or
     * EVO_ERR_NOT_FOUND, or EVO_ERR_UNSUPPORTED when the pipeline has no cache.
     * Required. Thread-safe. */
    evo_status (*cache_get)(void* host_data, evo_str key, evo_write_fn out, void* out_ctx);
    /* Store a value with a time to live (0: the cache's default). Required. Thread-safe. */
    evo_status (*cache_put)(void* host_data, evo_str key, evo_str value, uint32_t ttl_seconds);

    /* Perform one HTTP request with the host's single curl stack. Headers arrive through
     * on_header (may be NULL), the body through on_body as it streams. *http_status receives
     * the status code (0 when no response arrived). Honours call's deadline and cancellation.
     * Returns EVO_OK whenever a response arrived, whatever its status.
     * Required. Thread-safe. */
    evo_status (*http)(void* host_data, const evo_call* call, const evo_http_request* request,
                       int32_t* http_status, evo_header_fn on_header, void* header_ctx,
                       evo_write_fn on_body, void* body_ctx);

    /* Run a program to completion with the given limits, feeding stdin_data and streaming
     * its stdout and stderr (either callback may be NULL to discard). Honours the call's
     * deadline and cancellation by killing the process group.
     * Required. Thread-safe. */
    evo_status (*run_process)(void* host_data, const evo_call* call,
                              const evo_process_request* request, evo_process_result* result,
                              evo_write_fn on_stdout, void* stdout_ctx, evo_write_fn on_stderr,
                              void* stderr_ctx);

    /* Ask another provider instance of the manifest (by its [plugins.ID]) to complete a
     * request, streaming its text through on_text; for validators that consult a model.
     * EVO_ERR_NOT_FOUND when no such provider instance exists.
     * Required. Thread-safe. */
    evo_status (*complete)(void* host_data, const evo_call* call, evo_str provider_id,
                           evo_str request_json, evo_write_fn on_text, void* text_ctx);

    /* since 1.1 */

    /* The command line that runs argv in the host's sandbox (the one run_process uses with
     * EVO_PROCESS_SANDBOX), for a plugin that starts a long-lived process itself, such as a
     * pool of interpreters. read_only_paths (may be NULL when path_count is 0) are host
     * paths the program needs, bound read-only at the same place; paths the sandbox already
     * shows (/usr, ...) may be given and are not bound twice. argv[0] is looked up in the
     * sandbox's PATH unless absolute. On EVO_OK, `out` receives the command line, one
     * argument per call, the program first (an absolute path): the plugin executes it as
     * given, with its own pipes and limits (resource limits it sets before exec are
     * inherited inside), and the process it holds is the sandbox: killing it ends
     * everything inside. Start it from a thread that outlives it: the sandbox dies with the
     * thread that forked it (PR_SET_PDEATHSIG), and the host's threads come and go. The
     * sandbox has no time limit of its own.
     * On failure `out` receives one message instead: EVO_ERR_UNAVAILABLE when the sandbox
     * cannot run here (bubblewrap missing or unusable), EVO_ERR_NOT_FOUND when the sandbox
     * cannot see argv[0], EVO_ERR_INVALID_ARGUMENT for an empty argv. Nothing is then to be
     * run unsandboxed in its place unless the user turned the sandbox off.
     * Not required of a host: absent (beyond struct_size) on 1.0 hosts; check struct_size
     * and NULL before calling. Thread-safe. */
    evo_status (*sandbox_command)(void* host_data, const evo_str* argv, uint32_t argc,
                                  const evo_str* read_only_paths, uint32_t path_count,
                                  evo_write_fn out, void* out_ctx);
} evo_host_api;

/* ---------------------------------------------------------------------------------------- */
/* Kind: provider -- turns a normalized request into generated text                          */
/* ---------------------------------------------------------------------------------------- */

typedef struct evo_completion_info {
    uint32_t struct_size;
    uint64_t prompt_tokens;
    uint64_t completion_tokens;
    int32_t truncated; /* non-zero when the model stopped on a length limit */
    evo_str model;     /* the model that answered; copied by the host before return */
} evo_completion_info;

typedef struct evo_provider_api {
    uint32_t struct_size;
    /* Complete a normalized request (JSON: {"messages":[{"role","content"}...], "model",
     * "temperature", "max_tokens", ...}) and stream the answer's text through on_text.
     * Fill *info (host zero-fills it) before returning.
     * Honour call->is_cancelled and call->deadline_unix_ms.
     * Required. Thread-safety: concurrent calls only if the descriptor has
     * EVO_FLAG_THREAD_SAFE; otherwise the host serialises calls per instance. */
    evo_status (*complete)(evo_instance* instance, const evo_call* call, evo_str request_json,
                           evo_write_fn on_text, void* text_ctx, evo_completion_info* info);
} evo_provider_api;

/* ---------------------------------------------------------------------------------------- */
/* Kind: validator -- judges a piece of code                                                 */
/* ---------------------------------------------------------------------------------------- */

typedef enum evo_severity {
    EVO_SEVERITY_INFO = 0,
    EVO_SEVERITY_LOW = 1,
    EVO_SEVERITY_MEDIUM = 2,
    EVO_SEVERITY_HIGH = 3
} evo_severity;

typedef struct evo_source {
    uint32_t struct_size;
    evo_str text;     /* may contain NUL bytes: judge them, do not trust C strings */
    evo_str language; /* "python", "shell", "cpp", ... */
    evo_str path;     /* may be empty for generated code */
    /* since 1.2: tests generated with the code, in the same language (a Python test module,
     * a shell test script); empty when none. */
    evo_str tests;
} evo_source;

typedef struct evo_finding {
    uint32_t struct_size;
    evo_str rule_id;     /* stable, e.g. "PY-EXEC" */
    int32_t severity;    /* evo_severity */
    int32_t confidence;  /* evo_severity scale: LOW, MEDIUM, HIGH */
    uint32_t line;       /* 1-based; 0 when unknown */
    uint32_t column;     /* 1-based; 0 when unknown */
    evo_str message;
    evo_str fix_hint;    /* may be empty */
    evo_str external_id; /* the matching rule of a peer tool, e.g. "B602"; may be empty */
} evo_finding;

/* Receives one finding; the host copies it. The host fills in the layer (the instance's
 * manifest ID) and the file. Return EVO_OK to continue. */
typedef evo_status (*evo_finding_fn)(void* ctx, const evo_finding* finding);

/* One language a validator judges, and how the host recognises it (since 1.1). The host
 * builds its map of file extensions, shebang interpreters and language names from these
 * declarations alone: a validator for a new language needs no change to the host.
 * Every string is static (it lives as long as the library) and lowercase; lists are
 * comma-separated without spaces. */
typedef struct evo_language {
    uint32_t struct_size; /* sizeof(evo_language) as the plugin was compiled. Required. */
    /* The canonical name, e.g. "python". It must also appear in evo_validator_api.languages.
     * Required (non-NULL, non-empty). */
    const char* name;
    /* Other names users and models give it, e.g. "py,python3": `--lang py` and a fence
     * ```py both mean "python". Optional (NULL or ""). */
    const char* aliases;
    /* File extensions with their dot, e.g. ".py,.pyw". Optional (NULL or ""): then
     * `evo validate` recognises its files by shebang only. */
    const char* extensions;
    /* Interpreters named on a shebang line, e.g. "python,python3": `#!/usr/bin/python3.11`
     * and `#!/usr/bin/env python3` match "python3" (a trailing version of digits and dots is
     * ignored). Optional (NULL or ""). */
    const char* interpreters;

    /* since 1.2 */

    /* The contract of a command `evo evolve` grows in this language: meaningful for a
     * validator with EVO_FLAG_RUNS_TESTS, whose validate() runs exactly these files (the
     * program and its tests, as evo_source.text and evo_source.tests). The host asks the model
     * for them in these words and runs the registered program as `RUNNER FILE ARGS...`.
     * Optional: all four or none (NULL or ""); other validators' are ignored, and so is a
     * 1.1 host. The first test-running validator of the pipeline, in manifest order, that
     * declares a language's contract decides it.
     * The program's file name in the sandbox's work directory, e.g. "command.py": a plain file
     * name, no '/'. */
    const char* command_file;
    /* Its tests' file name next to it, e.g. "test_command.py": a plain file name. */
    const char* test_file;
    /* The program that runs a command, `RUNNER FILE ARGS...`, looked up in the sandbox's PATH,
     * e.g. "python3". */
    const char* runner;
    /* How the tests are written, for the model: a phrase completing "then its tests: ", e.g.
     * "a test module test_command.py of test_* functions using plain asserts that run the
     * program, e.g. subprocess.run([sys.executable, \"command.py\"], ...)". */
    const char* test_instructions;
} evo_language;

/* One rule a validator reports (since 1.4): what `evo rules` lists and what --select/--ignore
 * match before any finding exists. Every string is static (it lives as long as the library).
 * A validator whose ids are open-ended (a peer tool's codes, failing tests, a model's
 * findings) declares each family once: the id is the prefix it reports, e.g. "SC" for
 * shellcheck's "SC2086", and the summary says so. */
typedef struct evo_rule {
    uint32_t struct_size; /* sizeof(evo_rule) as the plugin was compiled. Required. */
    /* The rule id its findings carry (evo_finding.rule_id), e.g. "PY-EVAL"; or a family's
     * prefix. Required (non-NULL, non-empty, no whitespace or comma). */
    const char* id;
    /* Its default severity (evo_severity); a finding may report another. */
    int32_t severity;
    /* The matching rule of a peer tool (evo_finding.external_id), e.g. "B307" or "SC2086";
     * NULL or "" when none. */
    const char* external_id;
    /* One line saying what it finds. Required (non-NULL, non-empty). */
    const char* summary;
    /* How a user silences one of its findings with a comment in the code, as this validator
     * reads comments; the host replaces "{id}" with the rule id and "{external_id}" with the
     * external id, e.g. "# evo: ignore[{id}] or # nosec {external_id}". NULL or "": a comment
     * cannot silence it (a syntax error, a failing test, a model's verdict); `evo rules` says
     * so. Optional. */
    const char* suppression;
} evo_rule;

typedef struct evo_validator_api {
    uint32_t struct_size;
    /* Comma-separated canonical languages this validator judges, e.g. "python" or
     * "python,shell". The host does not call validate() for other languages, and refuses a
     * validator that names none. Required (non-NULL, non-empty). */
    const char* languages;
    /* Judge one source. Return EVO_OK after reporting every finding (none means it passed).
     * EVO_NOT_APPLICABLE (since 1.2): this validator did not judge the source; the host
     * counts it as not judged. Any other status means the validator itself failed; the host
     * treats the source as rejected (fail closed).
     * Required. Thread-safety: as for provider complete(). */
    evo_status (*validate)(evo_instance* instance, const evo_call* call,
                           const evo_source* source, evo_finding_fn on_finding,
                           void* finding_ctx);

    /* since 1.1 */

    /* How the host recognises each language of `languages`: an array of language_count
     * pointers to static declarations. Each declared name must be one of `languages`.
     * Optional (NULL and 0): the languages are then known by their names alone.
     * Thread-safety: static data, read once when the host loads the plugin. */
    const evo_language* const* language_table;
    uint32_t language_count;

    /* Write, through `out`, a line that identifies what this instance's answers depend on
     * beyond its configuration: the versions of the tools it runs (interpreter, compiler,
     * linter), e.g. "bash 5.2.15". The host puts it in the cache key, so upgrading a tool
     * invalidates results it judged. Compute it once per instance and answer the same
     * text every time. Return EVO_OK, or a status when the tool cannot be identified (the
     * host then keys on the status, so such results are not shared with a working tool).
     * Optional (NULL: the configuration identifies the instance).
     * Thread-safety: as for validate(). */
    evo_status (*identity)(evo_instance* instance, evo_write_fn out, void* out_ctx);

    /* since 1.3: Write, through `out`, the absolute paths of the files identity() depends on
     * (the tools it runs, as resolved on PATH), each followed by a NUL byte. The host may then
     * reuse an identity() text it saw before, without loading this plugin, for as long as each
     * of those files keeps its size, modification time and inode (and the plugin file, its
     * configuration and PATH are unchanged). Optional (NULL: identity() is asked every run).
     * Thread-safety: as for identity(). */
    evo_status (*identity_files)(evo_instance* instance, evo_write_fn out, void* out_ctx);

    /* since 1.4: The rules this validator reports: an array of rule_count pointers to static
     * declarations, for `evo rules` and for --select/--ignore to check their entries against.
     * Ids are unique in the table. The host refuses a plugin whose table is malformed (a NULL
     * entry, an empty id or summary, a severity out of range). It does not restrict what
     * validate() reports: a finding whose id is in no table is still reported. Optional (NULL
     * and 0: `evo rules` says the validator declares none); an older host ignores it, so a
     * plugin that fills it does not raise its abi_minor for it.
     * Thread-safety: static data, read once when the host loads the plugin. */
    const evo_rule* const* rule_table;
    uint32_t rule_count;
} evo_validator_api;

/* ---------------------------------------------------------------------------------------- */
/* Kind: cache -- stores pipeline results                                                    */
/* ---------------------------------------------------------------------------------------- */

typedef struct evo_cache_stats {
    uint32_t struct_size;
    uint64_t hits;
    uint64_t misses;
    uint64_t entries;
    uint64_t bytes;
    uint64_t evictions;
} evo_cache_stats;

typedef struct evo_cache_api {
    uint32_t struct_size;
    /* On a hit call out once with the value and return EVO_OK; on a miss or expiry return
     * EVO_ERR_NOT_FOUND. Required. Thread-safety: as for provider complete(). */
    evo_status (*get)(evo_instance* instance, evo_str key, evo_write_fn out, void* out_ctx);
    /* Store value under key for ttl_seconds (0: the instance's default TTL).
     * Required. Thread-safety: as for get. */
    evo_status (*put)(evo_instance* instance, evo_str key, evo_str value, uint32_t ttl_seconds);
    /* Remove key; EVO_ERR_NOT_FOUND when absent. Required. Thread-safety: as for get. */
    evo_status (*erase)(evo_instance* instance, evo_str key);
    /* Fill *stats (host zero-fills it). Optional. Thread-safety: as for get. */
    evo_status (*stats)(evo_instance* instance, evo_cache_stats* stats);
    /* since 1.2: Remove every entry this instance can see (its key prefix, its file). Optional
     * (NULL: the host reports EVO_ERR_UNSUPPORTED). Thread-safety: as for get. */
    evo_status (*clear)(evo_instance* instance);
    /* since 1.2: Drop expired entries now (and enforce the size cap); *removed counts them.
     * Optional. Thread-safety: as for get. */
    evo_status (*gc)(evo_instance* instance, uint64_t* removed);
} evo_cache_api;

/* ---------------------------------------------------------------------------------------- */
/* Kind: scheduler -- runs a batch of host tasks                                             */
/* ---------------------------------------------------------------------------------------- */

typedef struct evo_task_batch {
    uint32_t struct_size;
    uint64_t task_count;
    /* Upper bound on tasks in flight; 0 lets the scheduler decide. */
    uint32_t max_concurrency;
    void* batch_ctx;
    /* Run task `index` to completion in the calling thread. Thread-safe: the scheduler may
     * call it from any number of threads at once, each index exactly once. */
    evo_status (*run_task)(void* batch_ctx, uint64_t index);
    /* Report that task `index` finished with `status`. Thread-safe. Call it exactly once per
     * task, after run_task returned (or instead of it when the task was never run, e.g.
     * cancelled, with EVO_ERR_CANCELLED). */
    void (*on_complete)(void* batch_ctx, uint64_t index, evo_status status);
    /* Serialise task `index` (JSON) for schedulers that run tasks elsewhere. May be NULL
     * when the host cannot serialise this batch. Thread-safe. */
    evo_status (*describe_task)(void* batch_ctx, uint64_t index, evo_write_fn out,
                                void* out_ctx);
    /* since 1.3: Hand the host the result of task `index` that ran elsewhere: the bytes an
     * evo_task_worker's run_described() wrote for the description describe_task() gave. Use
     * it instead of run_task(), at most once per task, then call on_complete() with its
     * return value. Returns EVO_OK when the host took the result, EVO_ERR_PROTOCOL when it
     * cannot read it (the task then counts as failed). NULL exactly when describe_task is.
     * Thread-safe. */
    evo_status (*accept_result)(void* batch_ctx, uint64_t index, evo_str result);
} evo_task_batch;

/* since 1.3: what `evo worker` hands a scheduler that serves tasks described elsewhere. */
typedef struct evo_task_worker {
    uint32_t struct_size;
    /* Tasks the worker runs at once (evo worker --jobs); at least 1. */
    uint32_t concurrency;
    void* worker_ctx;
    /* Run a task from its description (what describe_task wrote, in any process on any
     * machine) through this host's own pipeline and write its result, for accept_result(), in
     * one or more chunks through out. A task the host cannot read still gets a result (one
     * that reports the error) and EVO_OK; any other status means no result was written.
     * Thread-safe: call it from up to `concurrency` threads at once. */
    evo_status (*run_described)(void* worker_ctx, evo_str task, evo_write_fn out, void* out_ctx);
} evo_task_worker;

typedef struct evo_scheduler_api {
    uint32_t struct_size;
    /* Run every task of the batch and return once each has been reported through
     * on_complete. Stop starting new tasks once call->is_cancelled() is non-zero.
     * Required. Thread-safety: the host calls run() from one thread at a time per instance. */
    evo_status (*run)(evo_instance* instance, const evo_call* call, const evo_task_batch* batch);
    /* since 1.3: Serve as a worker: take tasks that other processes' run() described, run each
     * through worker->run_described() and deliver its result to the process that owns the
     * batch; return EVO_OK once call->is_cancelled() is non-zero (after finishing or handing
     * back the tasks in hand). Optional: NULL for a scheduler that runs tasks only in the
     * calling process (`evo worker` then refuses it). Thread-safety: called from one thread;
     * never at the same time as run() on the same instance. */
    evo_status (*serve)(evo_instance* instance, const evo_call* call, const evo_task_worker* worker);
} evo_scheduler_api;

/* ---------------------------------------------------------------------------------------- */
/* The descriptor                                                                            */
/* ---------------------------------------------------------------------------------------- */

typedef struct evo_plugin_descriptor {
    uint32_t struct_size;
    /* EVO_ABI_VERSION_MAJOR of the header the plugin was built against. Required. */
    uint16_t abi_major;
    /* The oldest minor of that major whose host this plugin works with: the newest "since
     * 1.N" feature it cannot do without (0 when it needs nothing beyond 1.0), NOT the minor
     * of the header it was compiled with. A host older than that refuses it; any newer one
     * loads it. Fields a plugin fills but does not need (e.g. language_table) leave it at
     * the minor it would otherwise need: an older host ignores what it does not know. */
    uint16_t abi_minor;
    const char* name;        /* [a-z0-9-]+, unique among plugins. Required. */
    const char* version;     /* the plugin's own release version, e.g. "1.2.0". Required. */
    const char* description; /* one line. Required. */
    int32_t kind;            /* evo_kind. Required. */
    uint64_t flags;          /* EVO_FLAG_* */
    /* JSON Schema (draft 7, checked in full by valijson; formerly described as a draft 2020-12
     * subset, which every descriptor's schema also is) of the plugin's manifest table, plus
     * "format": "path". No references to other documents: none is fetched. NULL: the plugin
     * takes no configuration. */
    const char* config_schema;

    /* Create an instance from the (validated) configuration JSON. On failure return a
     * status and write a one-line reason through `error`. The host keeps `host` alive for
     * the instance's lifetime. Required. Thread-safe. */
    evo_status (*create)(const evo_host_api* host, evo_str config_json, evo_instance** out,
                         evo_write_fn error, void* error_ctx);
    /* Destroy an instance; no call on it is in flight. Required. */
    void (*destroy)(evo_instance* instance);
    /* The message of the last failure of a call on this instance made by the calling thread;
     * valid until that thread's next call into the plugin. Never NULL. Required.
     * Thread-safe. */
    const char* (*last_error)(evo_instance* instance);

    /* The kind's function table: evo_provider_api, evo_validator_api, evo_cache_api or
     * evo_scheduler_api, according to `kind`. Required. */
    const void* kind_api;
} evo_plugin_descriptor;

/* The plugin's single exported function. The host passes its own ABI version; a plugin that
 * cannot serve that host returns NULL. The descriptor must have static storage duration.
 * Must not allocate instances or start threads: the host calls it to list plugins.
 * Required. Thread-safe. */
typedef const evo_plugin_descriptor* (*evo_plugin_entry_fn)(uint32_t host_abi_major,
                                                            uint32_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EVO_PLUGIN_H */
