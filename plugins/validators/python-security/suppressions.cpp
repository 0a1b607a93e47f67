#include "suppressions.hpp"

namespace evo::python_security {

suppressions::suppressions(const token_stream& stream) {
    for (std::string_view comment : stream.comments)
        directives_.add_comment(stream.locate(comment).line, comment);
}

bool suppressions::covers(std::uint32_t line, const rule_info& rule) const {
    return directives_.covers(line, {rule.code, rule.external_id});
}

} // namespace evo::python_security
