#pragma once

#include "cassette.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <string>

namespace replay {

inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    "cassette": {"type": "string", "format": "path",
                 "description": "JSONL file of recorded requests and responses"},
    "match": {"type": "string", "enum": ["messages", "prompt"], "default": "messages",
              "description": "messages: the whole conversation must be equal; prompt: only the last user message"},
    "chunk_size": {"type": "integer", "minimum": 1, "default": 64,
                   "description": "bytes per streamed chunk"},
    "mode": {"type": "string", "enum": ["replay", "record"], "default": "replay",
             "description": "record: forward unknown requests to record_from and append the answer"},
    "record_from": {"type": "string",
                    "description": "provider instance ID that answers requests missing in record mode"}
  },
  "required": ["cassette"],
  "additionalProperties": false
})";

// Answers normalized requests from a cassette; in record mode, asks another provider for the
// requests the cassette lacks and appends its answers.
class replay_provider final : public evo::provider {
  public:
    static constexpr evo::plugin_info info{
        "replay", "1.0.0", "answers requests from a JSONL cassette (offline, tests)", config_schema,
        EVO_FLAG_THREAD_SAFE};

    replay_provider(evo::host_services host, const boost::json::object& config);

    evo::completion complete(const evo::call& c, std::string_view request_json,
                             const evo::sink& text) override;

  private:
    cassette_entry record(const evo::call& c, const std::string& key,
                          const boost::json::object& request, std::string_view request_json);
    [[noreturn]] void fail_unknown(const boost::json::object& request) const;

    evo::host_services host_;
    std::size_t chunk_size_;
    std::string record_from_; // empty: replay only
    cassette cassette_;
};

} // namespace replay
