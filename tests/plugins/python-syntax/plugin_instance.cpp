#include "plugin_instance.hpp"

#include <dlfcn.h>

#include <stdexcept>

namespace evo::test {
namespace {

// python-syntax uses no host service; each reports that it is not offered.
void ignore_log(void*, int32_t, evo_str) {}
evo_status no_cache_get(void*, evo_str, evo_write_fn, void*) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status no_cache_put(void*, evo_str, evo_str, uint32_t) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status no_http(void*, const evo_call*, const evo_http_request*, int32_t*, evo_header_fn, void*,
                   evo_write_fn, void*) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status no_process(void*, const evo_call*, const evo_process_request*, evo_process_result*,
                      evo_write_fn, void*, evo_write_fn, void*) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status no_complete(void*, const evo_call*, evo_str, evo_str, evo_write_fn, void*) {
    return EVO_ERR_UNSUPPORTED;
}

// clang-format off
const evo_host_api host{sizeof(evo_host_api), EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR,
                        nullptr, ignore_log, no_cache_get, no_cache_put, no_http, no_process,
                        no_complete};
// clang-format on

int32_t is_cancelled(const evo_call* call) {
    const auto* flag = static_cast<const std::atomic<bool>*>(call->host_data);
    return flag && flag->load() ? 1 : 0;
}

evo_status append(void* context, evo_str chunk) {
    static_cast<std::string*>(context)->append(chunk.data, chunk.size);
    return EVO_OK;
}

evo_status collect_finding(void* context, const evo_finding* finding) {
    static_cast<std::vector<reported_finding>*>(context)->push_back(
        {std::string(finding->rule_id.data, finding->rule_id.size), finding->severity,
         finding->confidence, finding->line, finding->column,
         std::string(finding->message.data, finding->message.size)});
    return EVO_OK;
}

const evo_validator_api& validator_api() {
    return *static_cast<const evo_validator_api*>(python_syntax_descriptor().kind_api);
}

} // namespace

const evo_plugin_descriptor& python_syntax_descriptor() {
    // Loaded once and never unloaded, as the host does.
    static const evo_plugin_descriptor* descriptor = [] {
        void* library = dlopen(EVO_TEST_PYTHON_SYNTAX_PLUGIN, RTLD_NOW | RTLD_LOCAL);
        if (!library) throw std::runtime_error(dlerror());
        auto entry = reinterpret_cast<evo_plugin_entry_fn>(dlsym(library, EVO_PLUGIN_ENTRY_SYMBOL));
        if (!entry) throw std::runtime_error("the plugin exports no entry point");
        const evo_plugin_descriptor* found = entry(EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR);
        if (!found) throw std::runtime_error("the plugin refused this ABI version");
        return found;
    }();
    return *descriptor;
}

plugin_instance::plugin_instance(const std::string& config_json) {
    std::string error;
    if (python_syntax_descriptor().create(&host, {config_json.data(), config_json.size()},
                                          &instance_, append, &error) != EVO_OK)
        throw std::runtime_error("create failed: " + error);
}

plugin_instance::~plugin_instance() {
    python_syntax_descriptor().destroy(instance_);
}

validation plugin_instance::validate(std::string_view text, std::string_view path,
                                     const call_context& context) const {
    evo_call call{sizeof(evo_call), context.deadline_unix_ms, is_cancelled,
                  const_cast<void*>(static_cast<const void*>(context.cancel))};
    const std::string_view language = "python";
    evo_source source{sizeof(evo_source),
                      {text.data(), text.size()},
                      {language.data(), language.size()},
                      {path.data(), path.size()}};
    validation result;
    result.status =
        validator_api().validate(instance_, &call, &source, collect_finding, &result.findings);
    if (result.status != EVO_OK) result.error = python_syntax_descriptor().last_error(instance_);
    return result;
}

} // namespace evo::test
