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

// CPython needs about 22 times a source's size to compile it (1.1 GB for 50 MB): a valid
// file may exceed the limit, and then the limit, not the file, is what failed. But its parser
// also raises a bare MemoryError for nesting too deep to parse (100,000 unary minuses), which
// is a verdict on the file. Both look the same, so the size tells: a source of at least 1/64
// of the limit could need half of it or more, and its MemoryError is put on the limit.
bool hit_memory_limit(const verdict& answer, std::size_t source_size,
                      const judging_limits& limits) {
    if (answer.kind != outcome::compiler_error || answer.error_class != "MemoryError" ||
        limits.memory_limit_mb == 0)
        return false;
    return static_cast<uint64_t>(source_size) * 64 >= (limits.memory_limit_mb << 20);
}

} // namespace

std::optional<evo::finding> finding_for(const exchange& result, std::size_t source_size,
                                        const judging_limits& limits) {
    switch (result.state) {
    case exchange::status::answered:
        if (result.answer.kind == outcome::compiled) return std::nullopt;
        if (hit_memory_limit(result.answer, source_size, limits))
            throw evo::error(
                EVO_ERR_UNAVAILABLE,
                "not checked: the compiler ran out of memory under memory_limit_mb = " +
                    std::to_string(limits.memory_limit_mb) +
                    "; raise memory_limit_mb (0: no limit) to check this file");
        return reject(rule_for(result.answer.kind), describe(result.answer), result.answer.line,
                      result.answer.column);
    case exchange::status::crashed:
        // A compiler never sends itself SIGKILL: the kernel's out-of-memory killer or a memory
        // cgroup does, which is the machine's limit, not the source's fault.
        if (result.how_it_ended.starts_with("was killed by signal 9 "))
            throw evo::error(EVO_ERR_UNAVAILABLE,
                             "not checked: the compiler's worker " + result.how_it_ended +
                                 ", as the out-of-memory killer does; give it more memory "
                                 "(memory_limit_mb, or the machine's) to check this file");
        return reject("PY-COMPILER-CRASH", "the compiler crashed on this input (its worker " +
                                               result.how_it_ended + ")");
    case exchange::status::timed_out:
        throw evo::error(EVO_ERR_TIMEOUT,
                         "not checked: the compiler did not finish within timeout_ms = " +
                             std::to_string(limits.timeout.count()) +
                             "; raise timeout_ms to check this file");
    case exchange::status::cancelled:
        break;
    }
    throw evo::error(EVO_ERR_CANCELLED, "cancelled");
}

} // namespace evo::python_syntax
