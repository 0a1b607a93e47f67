// The table that routes calls to checks, and the driver that runs every rule over a module.
#pragma once

#include "checks.hpp"

namespace evo::python_security {

struct call_rule {
    std::string_view callee; // qualified name, or a method name for method rules
    rule primary;            // the rule it mostly reports; a check may report related ones
    call_check check;
};

const call_rule* find_call_rule(std::string_view callee);
const call_rule* find_method_rule(std::string_view method);

// Runs every rule over a tokenized module.
void run_rules(const token_stream& stream, reporter& out);

} // namespace evo::python_security
