#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <vector>

namespace anthropic {

// Completes requests with Anthropic's Messages API: streams the answer as it is generated,
// retries what the provider kit's policy retries (429 after retry-after, 529 and
// overloaded_error, other 5xx, refused or cut connections, error events) until text has
// reached the caller, and names what went wrong otherwise, never quoting the API key.
class anthropic_provider final : public evo::provider {
  public:
    static constexpr evo::plugin_info info{"anthropic", "1.0.0",
                                           "Anthropic Messages API over HTTP (streaming, retries)",
                                           config_schema, EVO_FLAG_THREAD_SAFE};

    anthropic_provider(evo::host_services host, const boost::json::object& config);

    evo::completion complete(const evo::call& c, std::string_view request_json,
                             const evo::sink& text) override;

  private:
    evo::host_services host_;
    settings settings_;
    std::vector<std::string> headers_;
};

} // namespace anthropic
