#include "cassette_line.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace replay {
namespace {

std::uint64_t token_count(const boost::json::object& usage, std::string_view name) {
    const auto* count = usage.if_contains(name);
    if (!count) return 0;
    if (const auto* n = count->if_int64(); n && *n >= 0) return static_cast<std::uint64_t>(*n);
    if (const auto* n = count->if_uint64()) return *n;
    throw std::invalid_argument("\"usage." + std::string(name) +
                                "\" is not a non-negative integer");
}

const boost::json::object& object_member(const boost::json::object& line, std::string_view name) {
    const auto* member = line.if_contains(name);
    if (!member) throw std::invalid_argument("missing \"" + std::string(name) + "\"");
    if (!member->is_object())
        throw std::invalid_argument("\"" + std::string(name) + "\" is not an object");
    return member->as_object();
}

const boost::json::string* optional_string(const boost::json::object& line, std::string_view name) {
    const auto* member = line.if_contains(name);
    if (!member) return nullptr;
    if (!member->is_string())
        throw std::invalid_argument("\"" + std::string(name) + "\" is not a string");
    return &member->as_string();
}

} // namespace

keyed_entry parse_cassette_line(std::string_view line, match_mode mode) {
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(line, ec);
    if (ec) throw std::invalid_argument("not valid JSON (" + ec.message() + ")");
    if (!parsed.is_object()) throw std::invalid_argument("not a JSON object");
    const auto& object = parsed.as_object();

    const auto* response = optional_string(object, "response");
    if (!response) throw std::invalid_argument("missing \"response\"");
    keyed_entry result;
    result.key = match_key(object_member(object, "request"), mode);
    result.entry.response = std::string(*response);
    if (const auto* model = optional_string(object, "model")) result.entry.model = *model;
    if (object.contains("usage")) {
        const auto& usage = object_member(object, "usage");
        result.entry.prompt_tokens = token_count(usage, "prompt_tokens");
        result.entry.completion_tokens = token_count(usage, "completion_tokens");
    }
    return result;
}

std::string format_cassette_line(const boost::json::object& request, const cassette_entry& entry) {
    boost::json::object line;
    line["request"] = request;
    line["response"] = entry.response;
    if (entry.prompt_tokens || entry.completion_tokens)
        line["usage"] = {{"prompt_tokens", entry.prompt_tokens},
                         {"completion_tokens", entry.completion_tokens}};
    if (!entry.model.empty()) line["model"] = entry.model;
    return boost::json::serialize(line) + "\n";
}

} // namespace replay
