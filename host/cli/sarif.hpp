// SARIF 2.1.0 output, as GitHub code scanning reads it.
#pragma once

#include "report.hpp"

#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <vector>

namespace evo::cli {

// Findings are results; files skipped and files whose judging failed are the invocation's
// tool execution notifications ("note" and "error"), and any of the latter makes the
// invocation unsuccessful.
boost::json::object sarif_log(const std::vector<host::finding_record>& findings,
                              const std::vector<file_notice>& skipped = {},
                              const std::vector<file_notice>& errors = {});

} // namespace evo::cli
