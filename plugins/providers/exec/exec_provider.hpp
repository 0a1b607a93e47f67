#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

namespace exec_plugin {

// Completes requests by running a command-line client (simonw's `llm`, `ollama run`, ...)
// through the host's process service: the prompt on stdin, the answer streamed from stdout as
// it arrives. Not sandboxed unless asked (such clients need the network and the user's keys).
// Never retried: the client has a retry policy of its own, and a second run could be billed
// twice.
class exec_provider final : public evo::provider {
  public:
    static constexpr evo::plugin_info info{
        "exec", "1.0.0", "runs a command-line LLM client: prompt on stdin, answer from stdout",
        config_schema, EVO_FLAG_THREAD_SAFE};

    exec_provider(evo::host_services host, const boost::json::object& config);

    evo::completion complete(const evo::call& c, std::string_view request_json,
                             const evo::sink& text) override;

  private:
    evo::host_services host_;
    settings settings_;
};

} // namespace exec_plugin
