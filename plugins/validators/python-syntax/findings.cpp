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

std::optional<evo::finding> finding_for(const exchange& result, std::chrono::milliseconds timeout) {
    switch (result.state) {
    case exchange::status::answered:
        if (result.answer.kind == outcome::compiled) return std::nullopt;
        return reject(rule_for(result.answer.kind), describe(result.answer), result.answer.line,
                      result.answer.column);
    case exchange::status::crashed:
        return reject("PY-COMPILER-CRASH", "the compiler crashed on this input (its worker " +
                                               result.how_it_ended + ")");
    case exchange::status::timed_out:
        return reject("PY-COMPILER-TIMEOUT", "the compiler did not finish within " +
                                                 std::to_string(timeout.count()) + " ms");
    case exchange::status::cancelled:
        break;
    }
    throw evo::error(EVO_ERR_CANCELLED, "cancelled");
}

} // namespace evo::python_syntax
