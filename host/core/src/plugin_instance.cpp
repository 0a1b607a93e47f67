#include <evo/host/plugin_instance.hpp>

#include "abi_guard.hpp"

#include <evo/host/error.hpp>

namespace evo::host {
namespace {

evo_status append(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
    return EVO_OK;
}

// create() writes its reason through this, from C.
constexpr evo_write_fn append_reason = abi_guarded<append>;

} // namespace

plugin_instance::plugin_instance(const loaded_plugin& plugin, std::string id, const evo_host_api* services,
                                 const std::string& config_json)
    : plugin_(plugin), id_(std::move(id)) {
    std::string reason;
    evo_status s = plugin_.descriptor.create(services, {config_json.data(), config_json.size()}, &handle_, append_reason, &reason);
    if (s != EVO_OK || !handle_) {
        if (reason.empty()) reason = s == EVO_OK ? "create returned no instance" : status_name(s);
        throw config_error("plugin '" + plugin_.name() + "' failed to start: " + reason);
    }
}

plugin_instance::~plugin_instance() {
    if (handle_) plugin_.descriptor.destroy(handle_);
}

std::string plugin_instance::last_error() const {
    const char* message = plugin_.descriptor.last_error(handle_);
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
