// The shape of a shell script as the security rules see it: simple commands with their words
// and redirections, pipelines, function definitions and here-documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evo::shell {

struct position {
    uint32_t line = 1;
    uint32_t column = 1;
};

enum class segment_kind {
    literal,
    parameter,
    command_substitution,
    process_substitution,
    arithmetic
};

// One piece of a word: literal text or an expansion. `quoted` tells whether the piece stood
// inside quotes (or was escaped), which decides word splitting, globbing and tilde expansion.
struct segment {
    segment_kind kind = segment_kind::literal;
    bool quoted = false;
    std::string text;             // literal: the text after quote removal; parameter: its name
    std::string prefix;           // parameter: "#" (length) or "!" (indirection)
    std::string op;               // parameter: the operator after the name, e.g. ":?" or ":-"
    std::vector<segment> operand; // parameter: the word after the operator
    int body = -1;                // substitutions: the body that holds their commands
};

struct word {
    position pos;
    std::vector<segment> segments;
};

struct redirection {
    position pos;
    std::string op;   // "<", ">", ">>", ">|", "<>", "&>", "&>>", ">&", "<&", "<<", "<<-", "<<<"
    word target;      // the file, descriptor, here-string or here-document delimiter
    int heredoc = -1; // index into script::heredocs for "<<" and "<<-"
};

struct heredoc {
    position pos; // where the body starts
    std::string text;
    std::string delimiter;
    bool strip_tabs = false;
    bool expands = false;           // unquoted delimiter: $(...) and `...` in the body run
    std::vector<segment> expansion; // the body as the shell expands it, when `expands`
};

struct command {
    position pos;
    std::vector<word> words;
    std::vector<redirection> redirections;
    int body = 0;
    // It may not run, or not in the script's own shell: inside if/while/until/for/select/case,
    // a ( ) subshell or a pipe of several commands, or after && or ||. Assignments it makes
    // are then not known to hold afterwards.
    bool conditional = false;
};

struct pipeline {
    std::vector<std::size_t> commands; // indices into script::commands, in pipe order
    bool background = false;
};

struct function_definition {
    std::string name;
    position pos;
    int body = 0;
};

// A parsed script. Commands of every nesting level sit in one list; `body` tells where each
// belongs: 0 is the top level, and every command substitution, process substitution and
// function body gets its own, linked to the body it appears in by body_parents.
// A comment, from its `#` to the end of its line: where suppressions are read from.
struct comment {
    position pos;
    std::string text;
};

struct script {
    std::vector<command> commands;
    std::vector<pipeline> pipelines;
    std::vector<function_definition> functions;
    std::vector<heredoc> heredocs;
    std::vector<int> body_parents{-1};
    bool too_deep = false; // nesting beyond the parser's limit was skipped, not analysed
    std::vector<comment> comments; // in source order; none from quoted or embedded text
};

// Never fails: shell that does not parse is read as far as it makes sense. `origin` places a
// script embedded in another (a here-document, an `sh -c` string) at its real position.
script parse(std::string_view text, position origin = {});

} // namespace evo::shell
