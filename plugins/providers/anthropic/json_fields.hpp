// Small readers of the server's JSON shared by the answer and the stream decoders.
#pragma once

#include "provider_kit/preview.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace anthropic {

// `text` as a JSON object; throws evo::error(EVO_ERR_PROTOCOL) "WHERE: ..." otherwise.
boost::json::object parse_object(std::string_view text, const std::string& where);

// The string member `key`, or "" when it is absent or not a string.
std::string string_field(const boost::json::object& object, std::string_view key);

// The object member `key`, or nullptr when it is absent or not an object.
const boost::json::object* object_field(const boost::json::object& object, std::string_view key);

// A token count; absent, negative or not a number is 0.
uint64_t count_field(const boost::json::object& object, std::string_view key);

using provider_kit::preview;

} // namespace anthropic
