// Plugin configuration checking: JSON Schema draft 7, by valijson (Debian's libvalijson-dev),
// with messages in plain words, plus the host's own "format": "path" (a string the host
// resolves relative to the manifest).
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace evo::host {

struct schema_error {
    std::vector<std::string> path; // keys / indices from the root to the offending value
    std::string message;           // e.g. "unknown key 'foo'", "expected integer, got string"
};

// The schema itself cannot be used: not draft-7 JSON Schema, a bad regular expression, a
// reference to another document (evo fetches none).
class invalid_schema : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Checks `instance` against `schema` (draft 7); empty when it is valid. Numbers are judged
// as JSON Schema means them: 3.0 is an integer; 1e300 is a number beyond every integer.
// Throws invalid_schema.
std::vector<schema_error> validate_schema(const boost::json::value& instance,
                                          const boost::json::value& schema);

// Writes every whole-valued float that fits an int64 as an integer (3.0 -> 3), as the schema
// check sees it, so that a plugin receives the integer its schema accepted.
void normalise_numbers(boost::json::value& value);

// Rewrites every string whose schema says "format": "path" through `resolve`.
void resolve_schema_paths(boost::json::value& instance, const boost::json::value& schema,
                          const std::function<std::string(const std::string&)>& resolve);

} // namespace evo::host
