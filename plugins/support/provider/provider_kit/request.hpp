// The host's normalized request ({"messages": [{"role", "content"}...], "model", ...}) as every
// provider reads it before turning it into its own wire format.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace provider_kit {

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT, "request: " + why).
[[noreturn]] void bad_request(const std::string& why);

// The request's fields, checked: a JSON object whose "messages" is a non-empty array.
boost::json::object read_request(std::string_view normalized_request);

// A message's text: a string, or the text parts of a list of content parts, joined.
std::string content_text(const boost::json::value& content);

} // namespace provider_kit
