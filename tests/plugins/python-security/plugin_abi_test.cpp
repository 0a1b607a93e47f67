// The built module through the C ABI, with a host of our own.
#include <evo/plugin.h>

#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <string>
#include <vector>

namespace {

struct reported {
    std::string rule_id;
    int32_t severity;
    uint32_t line;
    uint32_t column;
    std::string fix_hint;
    std::string external_id;
};

struct collected {
    std::vector<reported> findings;
    std::size_t stop_after = SIZE_MAX;
};

evo_status collect(void* ctx, const evo_finding* f) {
    auto& out = *static_cast<collected*>(ctx);
    out.findings.push_back({std::string(f->rule_id.data, f->rule_id.size), f->severity, f->line,
                            f->column, std::string(f->fix_hint.data, f->fix_hint.size),
                            std::string(f->external_id.data, f->external_id.size)});
    return out.findings.size() >= out.stop_after ? EVO_ERR_STOPPED : EVO_OK;
}

evo_status append(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
    return EVO_OK;
}

// A host that offers nothing: python-security needs no service.
evo_host_api fake_host() {
    evo_host_api host{};
    host.struct_size = sizeof host;
    host.abi_major = EVO_ABI_VERSION_MAJOR;
    host.abi_minor = EVO_ABI_VERSION_MINOR;
    host.log = [](void*, int32_t, evo_str) {};
    host.cache_get = [](void*, evo_str, evo_write_fn, void*) -> evo_status {
        return EVO_ERR_UNSUPPORTED;
    };
    host.cache_put = [](void*, evo_str, evo_str, uint32_t) -> evo_status {
        return EVO_ERR_UNSUPPORTED;
    };
    host.http = [](void*, const evo_call*, const evo_http_request*, int32_t*, evo_header_fn, void*,
                   evo_write_fn, void*) -> evo_status { return EVO_ERR_UNSUPPORTED; };
    host.run_process = [](void*, const evo_call*, const evo_process_request*, evo_process_result*,
                          evo_write_fn, void*, evo_write_fn,
                          void*) -> evo_status { return EVO_ERR_UNSUPPORTED; };
    host.complete = [](void*, const evo_call*, evo_str, evo_str, evo_write_fn,
                       void*) -> evo_status { return EVO_ERR_UNSUPPORTED; };
    return host;
}

const evo_plugin_descriptor* load_descriptor(uint32_t major = EVO_ABI_VERSION_MAJOR) {
    static void* module = dlopen(EVO_PYTHON_SECURITY_MODULE, RTLD_NOW | RTLD_LOCAL);
    REQUIRE(module != nullptr);
    auto entry = reinterpret_cast<evo_plugin_entry_fn>(dlsym(module, EVO_PLUGIN_ENTRY_SYMBOL));
    REQUIRE(entry != nullptr);
    return entry(major, EVO_ABI_VERSION_MINOR);
}

evo_str str(std::string_view s) {
    return {s.data(), s.size()};
}

class instance {
  public:
    instance(const evo_plugin_descriptor* d, std::string_view config) : d_(d), host_(fake_host()) {
        status = d_->create(&host_, str(config), &raw_, append, &error);
    }
    ~instance() {
        if (raw_) d_->destroy(raw_);
    }
    instance(const instance&) = delete;
    instance& operator=(const instance&) = delete;

    evo_status validate(std::string_view code, collected& out) {
        evo_call call{};
        call.struct_size = sizeof call;
        call.is_cancelled = [](const evo_call*) -> int32_t { return 0; };
        evo_source source{};
        source.struct_size = sizeof source;
        source.text = str(code);
        source.language = str("python");
        auto api = static_cast<const evo_validator_api*>(d_->kind_api);
        return api->validate(raw_, &call, &source, collect, &out);
    }

    evo_status status;
    std::string error;

  private:
    const evo_plugin_descriptor* d_;
    evo_host_api host_;
    evo_instance* raw_ = nullptr;
};

} // namespace

TEST_CASE("the descriptor describes a thread-safe python validator", "[abi]") {
    const evo_plugin_descriptor* d = load_descriptor();
    REQUIRE(d != nullptr);
    CHECK(std::string(d->name) == "python-security");
    CHECK(d->kind == EVO_KIND_VALIDATOR);
    CHECK((d->flags & EVO_FLAG_THREAD_SAFE) != 0);
    CHECK(d->config_schema != nullptr);
    auto api = static_cast<const evo_validator_api*>(d->kind_api);
    CHECK(std::string(api->languages) == "python");
    CHECK(api->validate != nullptr);
    CHECK(load_descriptor(EVO_ABI_VERSION_MAJOR + 1) == nullptr);
}

TEST_CASE("validate reports findings through the host callback", "[abi]") {
    instance plugin(load_descriptor(), R"({"disabled_rules": ["B307"]})");
    REQUIRE(plugin.status == EVO_OK);
    collected out;
    CHECK(plugin.validate("import os\neval(x)\nos.system(cmd)\n", out) == EVO_OK);
    REQUIRE(out.findings.size() == 1);
    CHECK(out.findings[0].rule_id == "PY-SHELL-COMMAND");
    CHECK(out.findings[0].external_id == "B605");
    CHECK(out.findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(out.findings[0].line == 3);
    CHECK(out.findings[0].column == 1);
    CHECK_FALSE(out.findings[0].fix_hint.empty());
}

TEST_CASE("the configuration can ignore suppressions", "[abi]") {
    instance plugin(load_descriptor(), R"({"ignore_suppressions": true})");
    REQUIRE(plugin.status == EVO_OK);
    collected out;
    CHECK(plugin.validate("eval(x)  # nosec\n", out) == EVO_OK);
    CHECK(out.findings.size() == 1);
}

TEST_CASE("an unknown rule id in the configuration is refused", "[abi]") {
    instance plugin(load_descriptor(), R"({"disabled_rules": ["PY-NOPE"]})");
    CHECK(plugin.status == EVO_ERR_INVALID_ARGUMENT);
    CHECK(plugin.error.find("PY-NOPE") != std::string::npos);
}

TEST_CASE("a host that stops the findings stops the call", "[abi]") {
    instance plugin(load_descriptor(), "");
    REQUIRE(plugin.status == EVO_OK);
    collected out;
    out.stop_after = 1;
    CHECK(plugin.validate("eval(a)\neval(b)\n", out) == EVO_ERR_STOPPED);
    CHECK(out.findings.size() == 1);
}
