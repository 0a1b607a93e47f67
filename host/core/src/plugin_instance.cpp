#include <evo/host/plugin_instance.hpp>

#include "abi_guard.hpp"

#include <evo/host/error.hpp>

#include <spdlog/spdlog.h>

#include <cctype>
#include <string_view>

namespace evo::host {
namespace {

evo_status append(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
    return EVO_OK;
}


// create() writes its reason through this, from C.
constexpr evo_write_fn append_reason = abi_guarded<append>;

} // namespace

plugin_instance::plugin_instance(plugin_facts facts, const loaded_plugin* plugin, std::string id,
                                 const evo_host_api* services, std::string config_json, std::string where)
    : facts_(std::move(facts)), plugin_(plugin), id_(std::move(id)), services_(services),
      config_json_(std::move(config_json)), where_(std::move(where)) {}

const loaded_plugin& plugin_instance::plugin() const {
    if (const loaded_plugin* p = plugin_.load()) return *p;
    std::lock_guard lock(load_mutex_);
    if (const loaded_plugin* p = plugin_.load()) return *p;
    const loaded_plugin* p = nullptr;
    try {
        p = &load_plugin(facts_.file);
    } catch (const config_error& e) {
        throw config_error(where_ + ": " + e.what());
    }
    // The memo said what this file holds; a file replaced since (between two stat() calls of
    // this run) must not be called as what it was.
    if (!same_facts(facts_of(*p), facts_))
        throw config_error(where_ + ": " + facts_.file.string() + " changed while evo ran; run it again");
    spdlog::debug("loaded [plugins.{}] on first use ({})", id_, facts_.file.string());
    plugin_.store(p);
    return *p;
}

void plugin_instance::create() {
    std::lock_guard lock(create_mutex_);
    if (handle_.load()) return;
    std::string reason;
    evo_instance* handle = nullptr;
    evo_status s = plugin().descriptor.create(services_, {config_json_.data(), config_json_.size()}, &handle,
                                             append_reason, &reason);
    if (s != EVO_OK || !handle) {
        if (reason.empty()) reason = s == EVO_OK ? "create returned no instance" : status_name(s);
        throw config_error(where_ + ": " + one_line("plugin '" + facts_.name + "' failed to start: " + reason));
    }
    handle_.store(handle);
    spdlog::debug("started [plugins.{}]", id_);
}

plugin_instance::~plugin_instance() {
    if (evo_instance* handle = handle_.load()) plugin_.load()->descriptor.destroy(handle);
}

std::string plugin_instance::last_error() const {
    const char* message = plugin_.load()->descriptor.last_error(handle_.load());
    return message && *message ? message : "no detail given";
}

std::string status_name(evo_status status) {
    switch (status) {
    case EVO_OK: return "ok";
    case EVO_ERR_INVALID_ARGUMENT: return "invalid argument";
    case EVO_ERR_NOT_FOUND: return "not found";
    case EVO_ERR_UNAVAILABLE: return "unavailable";
    case EVO_ERR_TIMEOUT: return "timed out";
    case EVO_ERR_CANCELLED: return "cancelled";
    case EVO_ERR_RATE_LIMITED: return "rate limited";
    case EVO_ERR_PROTOCOL: return "protocol error";
    case EVO_ERR_INTERNAL: return "internal error";
    case EVO_ERR_UNSUPPORTED: return "unsupported";
    case EVO_ERR_STOPPED: return "stopped";
    case EVO_ERR_FORBIDDEN: return "refused by policy";
    case EVO_NOT_APPLICABLE: return "not applicable";
    }
    return "status " + std::to_string(status);
}

} // namespace evo::host
