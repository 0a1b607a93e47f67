// A live instance of a plugin: created from its validated configuration, destroyed with it.
#pragma once

#include <evo/host/checked_instance.hpp>
#include <evo/host/plugin_loader.hpp>

#include <atomic>
#include <mutex>
#include <string>

namespace evo::host {

class plugin_instance {
public:
    // Prepares the instance; the plugin's create() runs at create() or the first call(), so a
    // run that never calls an instance (a cache hit) never pays for starting it. A failed
    // create() throws config_error: "`where`: plugin 'NAME' failed to start: REASON" (one line).
    // `plugin` null: the plugin is loaded (dlopen) when first needed, from facts.file; what
    // `facts` say (remembered from an earlier load) must hold then, or that is a config_error.
    plugin_instance(plugin_facts facts, const loaded_plugin* plugin, std::string id,
                    const evo_host_api* services, std::string config_json, std::string where);
    ~plugin_instance();
    plugin_instance(const plugin_instance&) = delete;
    plugin_instance& operator=(const plugin_instance&) = delete;

    // What is known of the plugin without loading it.
    const plugin_facts& facts() const noexcept { return facts_; }
    // The loaded plugin: loads it now if it was not (throws config_error when it cannot be).
    const loaded_plugin& plugin() const;
    bool loaded() const noexcept { return plugin_.load() != nullptr; }
    const std::string& id() const noexcept { return id_; }
    int32_t kind() const noexcept { return facts_.kind; }
    const kind_api& api() const { return plugin().api; }

    // Runs the plugin's create() unless it ran; throws config_error as the constructor says.
    void create();
    bool created() const noexcept { return handle_.load() != nullptr; }

    // Calls f(handle), serialised unless the plugin declared EVO_FLAG_THREAD_SAFE. Returns
    // f's status; on failure, `error` receives the plugin's last_error(). Creates the
    // instance first if it was not.
    template <class F>
    evo_status call(F&& f, std::string* error = nullptr) {
        if (!created()) create();
        std::unique_lock lock(mutex_, std::defer_lock);
        if (!(facts_.flags & EVO_FLAG_THREAD_SAFE)) lock.lock();
        evo_status s = f(handle_.load());
        if (s != EVO_OK && error) *error = last_error();
        return s;
    }

private:
    std::string last_error() const;

    plugin_facts facts_;
    mutable std::atomic<const loaded_plugin*> plugin_;
    mutable std::mutex load_mutex_;
    std::string id_;
    const evo_host_api* services_;
    std::string config_json_, where_;
    std::atomic<evo_instance*> handle_{nullptr};
    std::mutex create_mutex_;
    std::mutex mutex_;
};

std::string status_name(evo_status status);

} // namespace evo::host
