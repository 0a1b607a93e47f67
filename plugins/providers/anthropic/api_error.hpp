// Anthropic's error object, {"type": "error", "error": {"type", "message"}}: the body of an
// HTTP error, of a 200 that is an error nonetheless, or the data of a stream's `error` event.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace anthropic {

struct api_error {
    std::string type;    // overloaded_error, rate_limit_error, api_error, ...
    std::string message; // the server's words
};

// The error `answer` carries, or nullopt when it is not an error object.
std::optional<api_error> api_error_of(const boost::json::object& answer);

// "overloaded_error: Overloaded".
std::string describe(const api_error& error);

} // namespace anthropic
