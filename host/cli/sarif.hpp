// SARIF 2.1.0 output, as GitHub code scanning reads it.
#pragma once

#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <vector>

namespace evo::cli {

boost::json::object sarif_log(const std::vector<host::finding_record>& findings);

} // namespace evo::cli
