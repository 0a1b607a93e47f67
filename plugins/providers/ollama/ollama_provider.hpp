#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

namespace ollama {

// Completes requests with Ollama's native chat API (/api/chat): streams the NDJSON answer as
// it is generated, retries what the provider kit says may succeed, and fails a call whose
// prompt Ollama truncated to num_ctx rather than accept an answer to another question.
class ollama_provider final : public evo::provider {
  public:
    static constexpr evo::plugin_info info{
        "ollama", "1.0.0",
        "Ollama's native chat API over HTTP (NDJSON streaming, num_ctx, retries)", config_schema,
        EVO_FLAG_THREAD_SAFE};

    ollama_provider(evo::host_services host, const boost::json::object& config);

    evo::completion complete(const evo::call& c, std::string_view request_json,
                             const evo::sink& text) override;

  private:
    evo::host_services host_;
    settings settings_;
};

} // namespace ollama
