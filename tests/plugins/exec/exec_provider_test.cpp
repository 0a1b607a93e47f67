// The provider against a scripted run_process: what it asks the host to run, and how it reads
// what came back.
#include "exec_provider.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

struct script {
    std::vector<std::string> stdout_chunks;
    std::string err;
    evo_status status = EVO_OK;
    evo_process_result result{sizeof(evo_process_result), 0, 0, 0};
    // what the provider asked for
    std::vector<std::string> argv;
    std::string stdin_data;
    uint32_t timeout_ms = 0;
    uint32_t flags = 0;
};

void no_log(void*, int32_t, evo_str) {}

evo_status scripted_run(void* host_data, const evo_call*, const evo_process_request* request,
                        evo_process_result* result, evo_write_fn on_stdout, void* stdout_ctx,
                        evo_write_fn on_stderr, void* stderr_ctx) {
    auto& s = *static_cast<script*>(host_data);
    for (uint32_t i = 0; i < request->argc; ++i)
        s.argv.emplace_back(evo::view(request->argv[i]));
    s.stdin_data = evo::view(request->stdin_data);
    s.timeout_ms = request->timeout_ms;
    s.flags = request->flags;
    for (const auto& chunk : s.stdout_chunks)
        if (on_stdout(stdout_ctx, evo::str(chunk)) != EVO_OK) return EVO_ERR_STOPPED;
    on_stderr(stderr_ctx, evo::str(s.err));
    *result = s.result;
    return s.status;
}

struct harness {
    script s;
    evo_host_api api{};
    std::string written;

    harness() {
        api.struct_size = sizeof api;
        api.abi_major = 1;
        api.abi_minor = 3;
        api.host_data = &s;
        api.log = no_log;
        api.run_process = scripted_run;
    }

    evo::completion run(const char* config_json, int stop_after = -1) {
        exec_plugin::exec_provider provider(evo::host_services(&api),
                                            boost::json::parse(config_json).as_object());
        struct ctx_t {
            std::string* into;
            int left;
        } ctx{&written, stop_after};
        auto write = [](void* c, evo_str chunk) -> evo_status {
            auto& x = *static_cast<ctx_t*>(c);
            if (x.left == 0) return EVO_ERR_STOPPED;
            --x.left;
            x.into->append(chunk.data, chunk.size);
            return EVO_OK;
        };
        evo_call call{};
        call.struct_size = sizeof call;
        return provider.complete(
            evo::call(&call),
            R"({"model": "req-model", "messages": [{"role": "system", "content": "sys"},
                {"role": "user", "content": "hi"}]})",
            evo::sink(write, &ctx));
    }
};

evo_status failure_of(harness& h, const char* config) {
    try {
        h.run(config);
    } catch (const evo::error& e) {
        return e.status();
    }
    return EVO_OK;
}

std::string message_of(harness& h, const char* config) {
    try {
        h.run(config);
    } catch (const evo::error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("stdout reaches the caller chunk by chunk", "[exec]") {
    harness h;
    h.s.stdout_chunks = {"```python\n", "x = 1\n", "```\n"};
    auto done =
        h.run(R"({"command": ["llm", "-m", "{model}"], "system_argument": ["-s", "{system}"]})");
    CHECK(h.written == "```python\nx = 1\n```\n");
    CHECK(h.s.argv == std::vector<std::string>{"llm", "-m", "req-model", "-s", "sys"});
    CHECK(h.s.stdin_data == "hi");
    CHECK(h.s.timeout_ms == 120000);
    CHECK(h.s.flags == 0); // not sandboxed unless asked
    CHECK(done.model == "req-model");
}

TEST_CASE("sandbox = true asks for the host's sandbox", "[exec]") {
    harness h;
    h.s.stdout_chunks = {"x"};
    h.run(R"({"command": ["llm"], "sandbox": true, "timeout_ms": 5})");
    CHECK(h.s.flags == EVO_PROCESS_SANDBOX);
    CHECK(h.s.timeout_ms == 5);
    CHECK(h.s.stdin_data == "sys\n\nhi");
}

TEST_CASE("the caller's stop passes through", "[exec]") {
    harness h;
    h.s.stdout_chunks = {"a", "b", "c"};
    try {
        h.run(R"({"command": ["llm"]})", 1);
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_STOPPED);
    }
    CHECK(h.written == "a");
}

TEST_CASE("each way a run fails has its status and words", "[exec]") {
    const char* config = R"({"command": ["llm"], "timeout_ms": 700})";
    harness exit;
    exit.s.stdout_chunks = {"partial"};
    exit.s.result.exit_code = 2;
    exit.s.err = "boom\nbad key\n";
    CHECK(message_of(exit, config) == "`llm` exited with status 2: boom | bad key");
    CHECK(failure_of(exit, config) == EVO_ERR_UNAVAILABLE);

    harness killed;
    killed.s.result.exit_code = -1;
    killed.s.result.term_signal = 9;
    CHECK(message_of(killed, config) == "`llm` was killed by SIGKILL (stderr empty)");

    harness slow;
    slow.s.result.timed_out = 1;
    CHECK(failure_of(slow, config) == EVO_ERR_TIMEOUT);
    CHECK_THAT(message_of(slow, config), Catch::Contains("700 ms (timeout_ms)"));

    harness silent;
    CHECK(failure_of(silent, config) == EVO_ERR_PROTOCOL);

    harness missing;
    missing.s.status = EVO_ERR_UNAVAILABLE;
    missing.s.err = "llm: command not found";
    CHECK(failure_of(missing, config) == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(message_of(missing, config),
               Catch::StartsWith("cannot run `llm`: llm: command not found"));
}

TEST_CASE("a config without a command is refused", "[exec]") {
    harness h;
    CHECK(failure_of(h, R"({"model": "m"})") == EVO_ERR_INVALID_ARGUMENT);
    CHECK(failure_of(h, R"({"command": []})") == EVO_ERR_INVALID_ARGUMENT);
    CHECK(failure_of(h, R"({"command": ["llm", 3]})") == EVO_ERR_INVALID_ARGUMENT);
}
