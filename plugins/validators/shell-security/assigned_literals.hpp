// Variables a script certainly holds as a literal when a command runs: `dir=/tmp/build` at the
// top level, before an `rm -rf "$dir"/*`, makes "$dir" not possibly empty.
#pragma once

#include "shell_ast.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace evo::shell {

// Conservative on purpose: a variable is known only when every write to it in the whole
// script is a plain assignment of a non-empty literal (`NAME=value`, `export NAME=value`,
// `readonly NAME=value`) that always runs in the script's own shell: at the top level, not in
// a function, a substitution, a subshell, a pipe, a loop, an if or case, nor after && or ||.
// Anything else that may write it makes it unknown for the whole script: an assignment of an
// expansion or of "", `+=`, an array element, `local`/`declare`, `read NAME`, `for NAME in`,
// `unset NAME` (any word that is just the name counts), `${NAME:=...}`, or a prefix
// assignment `NAME=value cmd`. `eval`, `source` and `.` can write anything: with one of them
// in the script nothing is known. The value a command sees is that of the last write before
// it in the text; a command inside a function or substitution body, which may run later,
// needs every write to come before it.
class assigned_literals {
  public:
    explicit assigned_literals(const script& s);

    // The literal `name` certainly holds when `at` runs; none when it may hold anything else.
    std::optional<std::string> value_at(std::string_view name, const command& at) const;

  private:
    struct write {
        position pos;
        std::string value;
    };
    void read_command(const command& c);
    void taint_segments(const std::vector<segment>& segments);

    std::map<std::string, std::vector<write>, std::less<>> writes_;
    std::set<std::string, std::less<>> tainted_;
    bool opaque_ = false;
};

} // namespace evo::shell
