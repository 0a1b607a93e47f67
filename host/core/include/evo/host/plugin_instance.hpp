// A live instance of a plugin: created from its validated configuration, destroyed with it.
#pragma once

#include <evo/host/plugin_loader.hpp>

#include <mutex>
#include <string>

namespace evo::host {

class plugin_instance {
public:
    // Creates the instance; throws config_error carrying the plugin's one-line reason.
    plugin_instance(const loaded_plugin& plugin, std::string id, const evo_host_api* services,
                    const std::string& config_json);
    ~plugin_instance();
    plugin_instance(const plugin_instance&) = delete;
    plugin_instance& operator=(const plugin_instance&) = delete;

    const loaded_plugin& plugin() const noexcept { return plugin_; }
    const std::string& id() const noexcept { return id_; }
    int32_t kind() const noexcept { return plugin_.descriptor.kind; }
    const kind_api& api() const noexcept { return plugin_.api; }

    // Calls f(handle), serialised unless the plugin declared EVO_FLAG_THREAD_SAFE. Returns
    // f's status; on failure, `error` receives the plugin's last_error().
    template <class F>
    evo_status call(F&& f, std::string* error = nullptr) {
        std::unique_lock lock(mutex_, std::defer_lock);
        if (!(plugin_.descriptor.flags & EVO_FLAG_THREAD_SAFE)) lock.lock();
        evo_status s = f(handle_);
        if (s != EVO_OK && error) *error = last_error();
        return s;
    }

private:
    std::string last_error() const;

    const loaded_plugin& plugin_;
    std::string id_;
    evo_instance* handle_ = nullptr;
    std::mutex mutex_;
};

std::string status_name(evo_status status);

} // namespace evo::host
