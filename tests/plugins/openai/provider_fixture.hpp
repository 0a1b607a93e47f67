// The openai plugin loaded by the real host from the build tree, pointed at its own fake_llm.
#pragma once

#include "fake_llm_server.hpp"

#include <evo/host/call.hpp>
#include <evo/host/runtime.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace openai_test {

struct outcome {
    evo::host::completion_result result;
    std::vector<std::string> chunks; // as the provider streamed them
    std::string text() const;
};

class provider_fixture {
  public:
    provider_fixture();
    ~provider_fixture();
    provider_fixture(const provider_fixture&) = delete;
    provider_fixture& operator=(const provider_fixture&) = delete;

    // Writes a manifest with an [plugins.llm] instance of "openai" whose table is the test
    // defaults (quick retries, bounded timeouts) overridden by `config` (key -> TOML value),
    // and loads it. Throws what the host throws.
    void load(const std::map<std::string, std::string>& config = {});

    // Asks the instance to complete `prompt`; on_text may refuse text (return false).
    outcome complete(const std::string& prompt, const evo_call* call = nullptr,
                     const std::function<bool(std::string_view)>& on_text = {});

    fake_llm_server server;

  private:
    std::filesystem::path scratch_;
    std::unique_ptr<evo::host::runtime> runtime_;
};

} // namespace openai_test
