// The subset of JSON Schema that plugins use to describe their manifest table:
// type, properties, required, additionalProperties, enum, minimum, maximum, items, minItems,
// and "format": "path" (a string the host resolves relative to the manifest).
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <vector>

namespace evo::host {

struct schema_error {
    std::vector<std::string> path; // keys / indices from the root to the offending value
    std::string message;           // e.g. "unknown key 'foo'", "expected integer, got string"
};

// Checks `instance` against `schema`; returns every violation found.
std::vector<schema_error> validate_schema(const boost::json::value& instance,
                                          const boost::json::value& schema);

// Rewrites every string whose schema says "format": "path" through `resolve`.
void resolve_schema_paths(boost::json::value& instance, const boost::json::value& schema,
                          const std::function<std::string(const std::string&)>& resolve);

} // namespace evo::host
