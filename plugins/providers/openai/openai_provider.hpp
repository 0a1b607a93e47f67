#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <vector>

namespace openai {

// Completes requests with any OpenAI-compatible chat server: streams the answer as it is
// generated, retries what is worth retrying (429 after Retry-After, 5xx, refused or cut
// connections) until text has reached the caller, and names what went wrong otherwise.
class openai_provider final : public evo::provider {
  public:
    static constexpr evo::plugin_info info{
        "openai", "1.0.0", "OpenAI-compatible chat completions over HTTP (streaming, retries)",
        config_schema, EVO_FLAG_THREAD_SAFE};

    openai_provider(evo::host_services host, const boost::json::object& config);

    evo::completion complete(const evo::call& c, std::string_view request_json,
                             const evo::sink& text) override;

  private:
    evo::host_services host_;
    settings settings_;
    std::vector<std::string> headers_;
};

} // namespace openai
