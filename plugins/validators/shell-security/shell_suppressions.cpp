#include "shell_suppressions.hpp"

#include <algorithm>

namespace evo::shell {

evo::suppressions::comment_suppressions suppressions_of(const script& s) {
    evo::suppressions::comment_suppressions quiet;
    for (const comment& c : s.comments)
        quiet.add_comment(c.pos.line, c.text);
    return quiet;
}

bool is_parse_error(const evo::finding& f) {
    return f.rule_id.starts_with("SC1") && f.severity == EVO_SEVERITY_HIGH;
}

void drop_suppressed(std::vector<evo::finding>& found,
                     const evo::suppressions::comment_suppressions& quiet) {
    std::erase_if(found, [&](const evo::finding& f) {
        return !is_parse_error(f) && quiet.covers(f.line, {f.rule_id, f.external_id});
    });
}

} // namespace evo::shell
