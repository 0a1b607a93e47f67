// How findings and results read on a terminal and in JSON; shared by gen and validate.
#pragma once

#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace evo::cli {

// "file:line:col: high [layer RULE (B602)] message (hint: ...)"
std::string format_finding(const host::finding_record& f);
boost::json::object finding_json(const host::finding_record& f);

} // namespace evo::cli
