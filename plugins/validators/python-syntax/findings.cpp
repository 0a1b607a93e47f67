#include "findings.hpp"

#include <algorithm>
#include <string>

namespace evo::python_syntax {
namespace {

evo::finding reject(std::string rule_id, std::string message, int32_t line = 0,
                    int32_t column = 0) {
    evo::finding finding;
    finding.rule_id = std::move(rule_id);
    finding.severity = EVO_SEVERITY_HIGH;
    finding.confidence = EVO_SEVERITY_HIGH;
    finding.line = static_cast<uint32_t>(std::max(line, 0));
    finding.column = static_cast<uint32_t>(std::max(column, 0));
    finding.message = std::move(message);
    return finding;
}

const char* rule_for(outcome kind) {
    switch (kind) {
    case outcome::syntax_error:
        return "PY-SYNTAX";
    case outcome::null_bytes:
        return "PY-SYNTAX-NUL";
    default:
        return "PY-COMPILER-ERROR";
    }
}

// As Python prints an exception: "IndentationError: unexpected indent", or "MemoryError".
std::string describe(const verdict& answer) {
    return answer.message.empty() ? answer.error_class : answer.error_class + ": " + answer.message;
}

} // namespace

std::optional<evo::finding> finding_for(const exchange& result, const judging_limits& limits) {
    switch (result.state) {
    case exchange::status::answered:
        if (result.answer.kind == outcome::compiled) return std::nullopt;
        // CPython needs about 22 times a source's size to compile it (1.1 GB for 50 MB): a
        // valid file may exceed the limit, so the limit, not the file, is what failed.
        if (result.answer.kind == outcome::compiler_error &&
            result.answer.error_class == "MemoryError" && limits.memory_limit_mb != 0)
            throw evo::error(EVO_ERR_UNAVAILABLE,
                             "not checked: the compiler ran out of memory under memory_limit_mb = " +
                                 std::to_string(limits.memory_limit_mb) +
                                 "; raise memory_limit_mb (0: no limit) to check this file");
        return reject(rule_for(result.answer.kind), describe(result.answer), result.answer.line,
                      result.answer.column);
    case exchange::status::crashed:
        return reject("PY-COMPILER-CRASH", "the compiler crashed on this input (its worker " +
                                               result.how_it_ended + ")");
    case exchange::status::timed_out:
        throw evo::error(EVO_ERR_TIMEOUT, "not checked: the compiler did not finish within timeout_ms = " +
                                              std::to_string(limits.timeout.count()) +
                                              "; raise timeout_ms to check this file");
    case exchange::status::cancelled:
        break;
    }
    throw evo::error(EVO_ERR_CANCELLED, "cancelled");
}

} // namespace evo::python_syntax
