// eval (and `sh -c`) of text that comes from a variable or a command's output: whatever the
// value holds runs as code.
#include "command_words.hpp"
#include "programs.hpp"
#include "shell_rules.hpp"

namespace evo::shell {

void check_eval(const script& s, findings& out) {
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv) continue;
        if (inv->name == "eval") {
            for (const word* w : inv->args) {
                if (!has_dynamic_part(w->segments)) continue;
                out.push_back(make_finding(
                    "SH-EVAL", EVO_SEVERITY_MEDIUM, EVO_SEVERITY_HIGH, c.pos,
                    "eval runs the value of a variable or command output as code",
                    "run the command directly; build dynamic argument lists with arrays"));
                break;
            }
            continue;
        }
        const program_source source = program_of(*inv);
        if (source.from == program_source::origin::inline_text && is_shell(inv->name) &&
            has_dynamic_part(source.text->segments))
            out.push_back(make_finding(
                "SH-EVAL", EVO_SEVERITY_MEDIUM, EVO_SEVERITY_HIGH, c.pos,
                inv->name + " -c runs the value of a variable or command output as code",
                "pass values as positional parameters: sh -c '... \"$1\"' sh \"$value\""));
    }
}

} // namespace evo::shell
