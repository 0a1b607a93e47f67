// A function that starts itself twice at once -- through a pipe or in the background -- so
// the number of processes doubles until the machine stops: `:(){ :|:& };:` and renamings.
#include "command_words.hpp"
#include "shell_rules.hpp"

namespace evo::shell {
namespace {

int self_calls(const script& s, const pipeline& p, const std::string& name) {
    int calls = 0;
    for (std::size_t index : p.commands) {
        const std::optional<invocation> inv = invoke(s.commands[index]);
        if (inv && inv->name == name) ++calls;
    }
    return calls;
}

bool is_fork_bomb(const script& s, const function_definition& f,
                  const std::vector<const pipeline*>& body_pipelines) {
    int calls = 0;
    bool backgrounded = false;
    for (const pipeline* p : body_pipelines) {
        const int here = self_calls(s, *p, f.name);
        if (here >= 2) return true; // f | f
        calls += here;
        backgrounded |= here > 0 && p->background;
    }
    return backgrounded && calls >= 2; // f & f
}

} // namespace

void check_fork_bomb(const script& s, findings& out) {
    if (s.functions.empty()) return;
    std::vector<std::vector<const pipeline*>> by_body(s.body_parents.size());
    for (const pipeline& p : s.pipelines)
        by_body[static_cast<std::size_t>(s.commands[p.commands.front()].body)].push_back(&p);
    for (const function_definition& f : s.functions) {
        if (!is_fork_bomb(s, f, by_body[static_cast<std::size_t>(f.body)])) continue;
        out.push_back(make_finding(
            "SH-FORK-BOMB", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, f.pos,
            "function '" + f.name + "' starts two copies of itself at once: a fork bomb",
            "remove the function; recursion in shell must not run concurrently"));
    }
}

} // namespace evo::shell
