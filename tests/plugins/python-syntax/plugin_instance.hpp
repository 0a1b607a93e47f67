// The built python-syntax plugin, loaded and called through the C ABI as the host does,
// with a host that offers no services (the plugin needs none).
#pragma once

#include <evo/plugin.h>

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

namespace evo::test {

struct reported_finding {
    std::string rule_id;
    int32_t severity = 0;
    int32_t confidence = 0;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string message;
};

struct validation {
    evo_status status = EVO_OK;
    std::string error; // last_error() when status is not EVO_OK
    std::vector<reported_finding> findings;
};

// What the host tells the plugin about one call.
struct call_context {
    const std::atomic<bool>* cancel = nullptr; // the host's cancellation flag
    int64_t deadline_unix_ms = 0;              // 0: none
};

const evo_plugin_descriptor& python_syntax_descriptor();

class plugin_instance {
  public:
    explicit plugin_instance(const std::string& config_json = R"({"workers": 2})");
    ~plugin_instance();
    plugin_instance(const plugin_instance&) = delete;
    plugin_instance& operator=(const plugin_instance&) = delete;

    // Thread-safe, as the plugin declares itself.
    validation validate(std::string_view text, std::string_view path = {},
                        const call_context& context = {}) const;

  private:
    evo_instance* instance_ = nullptr;
};

} // namespace evo::test
