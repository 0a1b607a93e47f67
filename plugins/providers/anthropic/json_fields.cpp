#include "json_fields.hpp"

#include <evo/plugin.hpp>

namespace anthropic {
namespace {


} // namespace

boost::json::object parse_object(std::string_view text, const std::string& where) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(text, ec);
    if (ec)
        throw evo::error(EVO_ERR_PROTOCOL,
                         where + ": malformed JSON (" + ec.message() + "): " + preview(text));
    if (!value.is_object())
        throw evo::error(EVO_ERR_PROTOCOL,
                         where + ": expected a JSON object, got: " + preview(text));
    return std::move(value.as_object());
}

std::string string_field(const boost::json::object& object, std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

const boost::json::object* object_field(const boost::json::object& object, std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    return value && value->is_object() ? &value->as_object() : nullptr;
}

uint64_t count_field(const boost::json::object& object, std::string_view key) {
    const boost::json::value* n = object.if_contains(key);
    if (n && n->is_uint64()) return n->as_uint64();
    if (n && n->is_int64() && n->as_int64() >= 0) return static_cast<uint64_t>(n->as_int64());
    return 0;
}

} // namespace anthropic
