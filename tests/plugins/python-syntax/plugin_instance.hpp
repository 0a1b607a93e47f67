// The built python-syntax plugin, loaded and called through the C ABI as the host does
// (tests/support/plugin_module.hpp), with a host whose sandbox_command is the real host's
// (validator_harness.hpp): the workers run in the host's sandbox unless told otherwise.
#pragma once

#include "validator_harness.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

namespace evo::test {

using evo_test::reported_finding;
using evo_test::validation;

// What the host tells the plugin about one call.
struct call_context {
    const std::atomic<bool>* cancel = nullptr; // the host's cancellation flag
    int64_t deadline_unix_ms = 0;              // 0: none
};

const evo_plugin_descriptor& python_syntax_descriptor();

class plugin_instance {
  public:
    // Throws std::runtime_error with the plugin's message when create() fails.
    explicit plugin_instance(const std::string& config_json = R"({"workers": 2})");

    // Thread-safe, as the plugin declares itself.
    validation validate(std::string_view text, std::string_view path = {},
                        const call_context& context = {}) const;

  private:
    evo_test::validator_host host_;
    std::unique_ptr<evo_test::plugin_instance> instance_;
};

} // namespace evo::test
