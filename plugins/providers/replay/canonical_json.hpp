#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace replay {

// Serialises `value` deterministically: object members sorted by key, no whitespace, so two
// requests that differ only in member order produce the same text.
std::string canonical_json(const boost::json::value& value);

} // namespace replay
