// valijson reports a violation as a context ("<root>", "[key]", "[0]"...) and an English
// sentence of its own. This turns one into what a manifest's author reads: the path of keys
// to the offending value and a plain message naming what the plugin's schema expects, in the
// words of the value and the schema ("must be at least 1, got 0"), never the library's.
#pragma once

#include <evo/host/json_schema.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host::detail {

struct library_error {
    std::vector<std::string> context; // as valijson gives it, "<root>" first
    std::string description;
};

// How every message about anyOf, oneOf, not and if-then-else begins ("the value " + a verb
// phrase would not read): the caller drops the branches' own complaints under such a one.
inline constexpr std::string_view combinator_prefix = "does not fit ";

// The violation in plain words, or nullopt when the error only says that something below
// failed (valijson adds one such error per level above the real one).
std::optional<schema_error> reword(const library_error& error, const boost::json::value& instance,
                                   const boost::json::value& schema);

// For a failure that valijson did not explain (a `false` schema, propertyNames): the place it
// points at, with a generic message.
schema_error unexplained(const library_error& error);

} // namespace evo::host::detail
