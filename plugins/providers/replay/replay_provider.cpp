#include "replay_provider.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <stdexcept>

namespace replay {
namespace {

constexpr std::size_t preview_chars = 60;

std::string required_string(const boost::json::object& config, std::string_view key) {
    const auto* value = config.if_contains(key);
    if (!value || !value->is_string() || value->as_string().empty())
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "config: \"" + std::string(key) + "\" must be a non-empty string");
    return std::string(value->as_string());
}

match_mode configured_match(const boost::json::object& config) {
    try {
        return parse_match_mode(evo::config_value<std::string>(config, "match", "messages"));
    } catch (const std::invalid_argument& e) {
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, std::string("config: ") + e.what());
    }
}

// "record_from" when the config asks for record mode, "" for replay mode.
std::string recording_source(const boost::json::object& config) {
    auto mode = evo::config_value<std::string>(config, "mode", "replay");
    if (mode == "replay") return {};
    if (mode != "record")
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "config: mode must be \"replay\" or \"record\", not \"" + mode + "\"");
    if (!config.contains("record_from"))
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "config: mode = \"record\" needs record_from (a provider instance ID)");
    return required_string(config, "record_from");
}

std::size_t configured_chunk_size(const boost::json::object& config) {
    auto size = evo::config_value<std::int64_t>(config, "chunk_size", 64);
    if (size < 1) throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: chunk_size must be >= 1");
    return static_cast<std::size_t>(size);
}

boost::json::object parse_request(std::string_view request_json) {
    boost::system::error_code ec;
    boost::json::value request = boost::json::parse(request_json, ec);
    if (ec || !request.is_object())
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, "the request is not a JSON object");
    return std::move(request.as_object());
}

// The first `count` characters of UTF-8 `text`, never cutting a character in half.
std::string_view first_characters(std::string_view text, std::size_t count) {
    std::size_t end = 0;
    for (std::size_t seen = 0; end < text.size(); ++end) {
        bool starts_character = (static_cast<unsigned char>(text[end]) & 0xC0) != 0x80;
        if (starts_character && seen++ == count) break;
    }
    return text.substr(0, end);
}

bool past_deadline(const evo::call& c) {
    if (c.deadline_unix_ms() == 0) return false;
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return now.count() >= c.deadline_unix_ms();
}

void stream_in_chunks(const evo::call& c, const evo::sink& out, std::string_view text,
                      std::size_t chunk_size) {
    for (std::size_t offset = 0; offset < text.size(); offset += chunk_size) {
        c.throw_if_cancelled();
        if (past_deadline(c)) throw evo::error(EVO_ERR_TIMEOUT, "deadline passed while replaying");
        out.write(text.substr(offset, chunk_size));
    }
}

} // namespace

replay_provider::replay_provider(evo::host_services host, const boost::json::object& config)
    : host_(host), chunk_size_(configured_chunk_size(config)),
      record_from_(recording_source(config)),
      cassette_(required_string(config, "cassette"), configured_match(config),
                record_from_.empty() ? cassette::missing_file::error
                                     : cassette::missing_file::empty) {}

evo::completion replay_provider::complete(const evo::call& c, std::string_view request_json,
                                          const evo::sink& text) {
    boost::json::object request = parse_request(request_json);
    std::string key;
    try {
        key = match_key(request, cassette_.mode());
    } catch (const std::invalid_argument& e) {
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, e.what());
    }
    auto entry = cassette_.find(key);
    if (!entry) {
        if (record_from_.empty()) fail_unknown(request);
        entry = record(c, key, request, request_json);
    }
    stream_in_chunks(c, text, entry->response, chunk_size_);
    return {entry->prompt_tokens, entry->completion_tokens, false,
            entry->model.empty() ? std::string(info.name) : entry->model};
}

cassette_entry replay_provider::record(const evo::call& c, const std::string& key,
                                       const boost::json::object& request,
                                       std::string_view request_json) {
    cassette_entry answer;
    answer.response = host_.complete(c, record_from_, request_json);
    host_.log(EVO_LOG_INFO,
              "recorded an answer from '" + record_from_ + "' into " + cassette_.path());
    return cassette_.record(key, request, std::move(answer));
}

void replay_provider::fail_unknown(const boost::json::object& request) const {
    auto preview = first_characters(last_user_prompt(request), preview_chars);
    throw evo::error(EVO_ERR_NOT_FOUND,
                     "request not in cassette " + cassette_.path() +
                         " (match=" + std::string(match_mode_name(cassette_.mode())) +
                         "): " + boost::json::serialize(boost::json::string(preview)));
}

} // namespace replay
