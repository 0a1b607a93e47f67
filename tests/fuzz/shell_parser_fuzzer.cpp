// libFuzzer target: the shell-security parser and rules read scripts a model wrote, so any
// bytes must parse (the parser never fails), keep the script's cross-references in range and
// go through every rule without crashing, hanging or tripping a sanitizer.
#include "shell_ast.hpp"
#include "shell_rules.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using namespace evo::shell;

void require(bool ok) {
    if (!ok) std::abort(); // libFuzzer reports the input that broke an invariant
}

void check_segments(const script& s, const std::vector<segment>& segments) {
    for (const auto& seg : segments) {
        require(seg.body >= -1 && seg.body < static_cast<int>(s.body_parents.size()));
        check_segments(s, seg.operand);
    }
}

// The indices the header promises: bodies, commands and here-documents that exist.
void check_references(const script& s) {
    const int bodies = static_cast<int>(s.body_parents.size());
    require(bodies >= 1 && s.body_parents[0] == -1);
    for (int i = 1; i < bodies; ++i)
        require(s.body_parents[i] >= 0 && s.body_parents[i] < bodies);
    for (const auto& c : s.commands) {
        require(c.body >= 0 && c.body < bodies);
        for (const auto& w : c.words) check_segments(s, w.segments);
        for (const auto& r : c.redirections) {
            require(r.heredoc >= -1 && r.heredoc < static_cast<int>(s.heredocs.size()));
            check_segments(s, r.target.segments);
        }
    }
    for (const auto& p : s.pipelines)
        for (auto index : p.commands) require(index < s.commands.size());
    for (const auto& f : s.functions) require(f.body >= 0 && f.body < bodies);
    for (const auto& h : s.heredocs) check_segments(s, h.expansion);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    check_references(parse(text));
    (void)analyze(text); // every rule, and the scripts the text hands to a shell
    return 0;
}
