// A shell reader that is exact about what the rules depend on -- quoting, escapes, comments,
// here-documents, separators and substitutions -- and forgiving about everything else: it
// never rejects input, because judging syntax is shell-syntax's job.
#include "shell_ast.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>

namespace evo::shell {
namespace {

// Deeper nesting of substitutions is skipped (and reported): hostile input must not exhaust
// the stack.
constexpr int max_depth = 64;

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
bool is_metachar(char c) {
    return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' ||
           c == '<' || c == '>';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_special_parameter(char c) {
    return is_digit(c) || std::string_view("@*#?$!-").find(c) != std::string_view::npos;
}

segment make_segment(segment_kind kind, bool quoted) {
    segment s;
    s.kind = kind;
    s.quoted = quoted;
    return s;
}

// Extends the last literal piece when its quoting matches: "a"'b' is one quoted piece.
void start_literal(std::vector<segment>& segments, bool quoted) {
    if (segments.empty() || segments.back().kind != segment_kind::literal ||
        segments.back().quoted != quoted)
        segments.push_back(make_segment(segment_kind::literal, quoted));
}
void append_literal(std::vector<segment>& segments, char c, bool quoted) {
    start_literal(segments, quoted);
    segments.back().text += c;
}

// The word's text when it is a bare, unquoted literal: only such words are reserved words.
std::optional<std::string> bare_literal(const word& w) {
    std::string text;
    for (const segment& s : w.segments) {
        if (s.kind != segment_kind::literal || s.quoted) return std::nullopt;
        text += s.text;
    }
    return text;
}

// For each '(' the index of its ')' (npos when unmatched), computed once per text so that
// deciding what "((" opens stays linear.
std::vector<std::size_t> match_parens(std::string_view text) {
    std::vector<std::size_t> matches(text.size() + 1, std::string_view::npos);
    std::vector<std::size_t> open;
    for (std::size_t k = 0; k < text.size(); ++k) {
        if (text[k] == '(') {
            open.push_back(k);
        } else if (text[k] == ')' && !open.empty()) {
            matches[open.back()] = k;
            open.pop_back();
        }
    }
    return matches;
}

enum class group_kind { paren, brace, case_block };

struct group {
    group_kind kind = group_kind::paren;
    int saved_body = -1;      // a function body: the body to return to when it closes
    bool awaiting_in = false; // case: "case WORD" read, "in" not yet
    bool in_patterns = false; // case: reading "pattern)" rather than commands
};

// The state of one command list: the top level or the inside of one substitution.
struct sequence {
    bool until_paren = false;
    command current;
    pipeline pipe;
    std::vector<group> groups;
    std::optional<function_definition> header; // "name ()" read, its body not opened yet
    int compounds = 0;         // if/while/until/for/select open and not yet closed by fi/done
    bool after_and_or = false; // the command follows && or || in the same list
};

constexpr std::array<std::string_view, 5> compound_openers{"if", "while", "until", "for", "select"};
constexpr std::array<std::string_view, 2> compound_closers{"fi", "done"};

bool is_one_of(const std::optional<std::string>& keyword, std::span<const std::string_view> words) {
    return keyword && std::find(words.begin(), words.end(), *keyword) != words.end();
}

constexpr std::array<std::string_view, 12> redirection_operators{
    "<<<", "<<-", "<<", "<>", "<&", "&>>", "&>", ">>", ">|", ">&", "<", ">"};

// Longest first, so ":-" wins over ":".
constexpr std::array<std::string_view, 22> parameter_operators{
    ":?", ":-", ":=", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,",
    "?",  "-",  "=",  "+",  "#",  "%",  "/",  "^",  ",",  ":",  "@"};

// Keywords that only introduce the command after them.
constexpr std::array<std::string_view, 9> transparent_keywords{
    "if", "then", "elif", "else", "do", "while", "until", "!", "time"};

class parser {
  public:
    parser(std::string_view text, position origin, script& out, int depth, int body)
        : text_(text), pos_(origin), out_(out), depth_(depth), body_(body) {}

    void parse_sequence(bool until_paren);
    std::vector<segment> expand_heredoc_body();

  private:
    bool at_end() const { return i_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const {
        return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0';
    }
    bool looking_at(std::string_view s) const { return text_.substr(i_).starts_with(s); }
    void advance();
    void advance_by(std::size_t n);
    void skip_blanks();
    void skip_comment();
    void skip_parenthesized(int open);
    void skip_braced();
    bool arithmetic_ahead(std::size_t from) const;
    int new_body(int parent);

    bool step(sequence& seq);
    void read_word(sequence& seq);
    bool handle_reserved_word(sequence& seq, const std::string& keyword);
    bool take_case_in(sequence& seq, const std::optional<std::string>& keyword, word& w);
    bool take_function_header(sequence& seq);
    void open_paren(sequence& seq);
    bool close_paren(sequence& seq);
    void open_group(sequence& seq, group_kind kind);
    void close_group(sequence& seq);
    void read_separator(sequence& seq);
    void skip_linebreaks();
    bool starts_redirection() const;
    void read_redirection(sequence& seq);
    void read_case_pattern(sequence& seq);
    void touch(sequence& seq, position at);
    void end_command(sequence& seq);
    void end_pipeline(sequence& seq, bool background);

    int register_heredoc(const word& delimiter, bool strip_tabs);
    void read_heredocs();
    void read_heredoc(std::size_t index);

    word lex_word();
    void lex_unquoted(std::vector<segment>& segments);
    void lex_escape(std::vector<segment>& segments);
    void lex_single_quoted(std::vector<segment>& segments);
    void lex_ansi_c_quoted(std::vector<segment>& segments);
    void lex_double_quoted(std::vector<segment>& segments, bool until_quote);
    void lex_dollar(std::vector<segment>& segments, bool quoted);
    segment lex_braced_parameter(bool quoted);
    void lex_operand(std::vector<segment>& segments, bool quoted);
    segment lex_substitution(segment_kind kind, bool quoted);
    segment lex_backtick(bool quoted);

    std::string_view text_;
    std::size_t i_ = 0;
    position pos_;
    script& out_;
    int depth_;
    int body_;
    std::vector<std::size_t> pending_heredocs_;
    mutable std::vector<std::size_t> paren_matches_;
};

// --- characters ----------------------------------------------------------------------------

void parser::advance() {
    if (at_end()) return;
    if (text_[i_] == '\n') {
        ++pos_.line;
        pos_.column = 1;
    } else {
        ++pos_.column;
    }
    ++i_;
}

void parser::advance_by(std::size_t n) {
    for (std::size_t k = 0; k < n; ++k)
        advance();
}

void parser::skip_blanks() {
    while (!at_end() && (is_blank(peek()) || (peek() == '\\' && peek(1) == '\n')))
        advance();
}

void parser::skip_comment() {
    const position at = pos_;
    const std::size_t start = i_;
    while (!at_end() && peek() != '\n')
        advance();
    if (i_ > start) out_.comments.push_back({at, std::string(text_.substr(start, i_ - start))});
}

// Arithmetic and over-deep substitutions: consumed without looking inside.
void parser::skip_parenthesized(int open) {
    while (!at_end() && open > 0) {
        if (peek() == '(') ++open;
        if (peek() == ')') --open;
        advance();
    }
}

void parser::skip_braced() {
    int open = 1;
    while (!at_end() && open > 0) {
        if (peek() == '{') ++open;
        if (peek() == '}') --open;
        advance();
    }
}

// "((" opens arithmetic only when its match is "))"; "((cmd) )" is two subshells, as in bash.
bool parser::arithmetic_ahead(std::size_t from) const {
    if (paren_matches_.empty()) paren_matches_ = match_parens(text_);
    const std::size_t outer = paren_matches_[i_ + from - 2];
    const std::size_t inner = paren_matches_[i_ + from - 1];
    return outer == std::string_view::npos || inner == std::string_view::npos || inner + 1 == outer;
}

int parser::new_body(int parent) {
    out_.body_parents.push_back(parent);
    return static_cast<int>(out_.body_parents.size() - 1);
}

// --- command lists -------------------------------------------------------------------------

void parser::parse_sequence(bool until_paren) {
    const int entry_body = body_;
    sequence seq;
    seq.until_paren = until_paren;
    while (true) {
        skip_blanks();
        if (at_end()) break;
        const std::size_t before = i_;
        if (step(seq)) break;
        // Every branch of step() consumes input; this keeps hostile input from looping.
        if (i_ == before) advance();
    }
    end_pipeline(seq, false);
    body_ = entry_body;
}

// Reads one token; returns true when it closed the sequence.
bool parser::step(sequence& seq) {
    if (!seq.groups.empty() && seq.groups.back().in_patterns) {
        read_case_pattern(seq);
        return false;
    }
    switch (peek()) {
    case '#':
        skip_comment();
        return false;
    case '\n':
        advance();
        end_pipeline(seq, false);
        seq.after_and_or = false;
        read_heredocs();
        return false;
    case '(':
        open_paren(seq);
        return false;
    case ')':
        return close_paren(seq);
    default:
        break;
    }
    if (starts_redirection())
        read_redirection(seq);
    else if (peek() == ';' || peek() == '&' || peek() == '|')
        read_separator(seq);
    else
        read_word(seq);
    return false;
}

void parser::read_word(sequence& seq) {
    word w = lex_word();
    const std::optional<std::string> keyword = bare_literal(w);
    const bool command_start = seq.current.words.empty() && seq.current.redirections.empty();
    if (command_start && is_one_of(keyword, compound_openers)) ++seq.compounds;
    if (command_start && is_one_of(keyword, compound_closers) && seq.compounds > 0) --seq.compounds;
    if (command_start && keyword && handle_reserved_word(seq, *keyword)) return;
    if (take_case_in(seq, keyword, w)) return;
    if (keyword == "{" && take_function_header(seq)) {
        open_group(seq, group_kind::brace);
        return;
    }
    touch(seq, w.pos);
    seq.current.words.push_back(std::move(w));
}

// Returns true when the keyword is consumed rather than kept as the command's first word.
bool parser::handle_reserved_word(sequence& seq, const std::string& keyword) {
    if (keyword == "{") {
        open_group(seq, group_kind::brace);
        return true;
    }
    if (keyword == "}") {
        if (!seq.groups.empty() && seq.groups.back().kind == group_kind::brace) close_group(seq);
        return true;
    }
    if (keyword == "esac") {
        if (!seq.groups.empty() && seq.groups.back().kind == group_kind::case_block)
            close_group(seq);
        return true;
    }
    if (keyword == "case") {
        group g;
        g.kind = group_kind::case_block;
        g.awaiting_in = true;
        seq.groups.push_back(g);
        return false;
    }
    for (std::string_view k : transparent_keywords)
        if (keyword == k) return true;
    return false;
}

// "case WORD in": the patterns start.
bool parser::take_case_in(sequence& seq, const std::optional<std::string>& keyword, word& w) {
    if (keyword != "in" || seq.groups.empty() || !seq.groups.back().awaiting_in ||
        seq.current.words.size() != 2)
        return false;
    seq.current.words.push_back(std::move(w));
    end_command(seq);
    seq.groups.back().awaiting_in = false;
    seq.groups.back().in_patterns = true;
    return true;
}

// "function NAME" read: it is a header, not a command.
bool parser::take_function_header(sequence& seq) {
    const auto& words = seq.current.words;
    if (words.size() != 2 || !seq.current.redirections.empty() ||
        bare_literal(words[0]) != "function")
        return false;
    const std::optional<std::string> name = bare_literal(words[1]);
    if (!name) return false;
    seq.header = function_definition{*name, seq.current.pos, 0};
    seq.current = command{};
    return true;
}

void parser::open_paren(sequence& seq) {
    const bool command_start = seq.current.words.empty() && seq.current.redirections.empty();
    if (command_start && peek(1) == '(' && arithmetic_ahead(2)) { // (( expression ))
        advance_by(2);
        skip_parenthesized(2);
        return;
    }
    std::size_t after = 1;
    while (is_blank(peek(after)))
        ++after;
    if (peek(after) == ')') { // "name ()" or "function name ()"
        const auto& words = seq.current.words;
        std::optional<std::string> name;
        if (words.size() == 1 && seq.current.redirections.empty()) name = bare_literal(words[0]);
        if (name && name->find('=') == std::string::npos) {
            advance_by(after + 1);
            seq.header = function_definition{*name, seq.current.pos, 0};
            seq.current = command{};
            return;
        }
        if (take_function_header(seq)) {
            advance_by(after + 1);
            return;
        }
    }
    advance();
    end_command(seq);
    open_group(seq, group_kind::paren);
}

bool parser::close_paren(sequence& seq) {
    advance();
    if (!seq.groups.empty() && seq.groups.back().kind == group_kind::paren) {
        close_group(seq);
        return false;
    }
    return seq.until_paren;
}

void parser::open_group(sequence& seq, group_kind kind) {
    group g;
    g.kind = kind;
    if (seq.header) { // the group is a function's body
        end_pipeline(seq, false);
        g.saved_body = body_;
        body_ = new_body(body_);
        seq.header->body = body_;
        out_.functions.push_back(std::move(*seq.header));
        seq.header.reset();
    }
    seq.groups.push_back(g);
}

// The command before a closing ) or } stays in its pipeline: "(curl x) | sh" is one pipe.
void parser::close_group(sequence& seq) {
    end_command(seq);
    const group g = seq.groups.back();
    seq.groups.pop_back();
    if (g.saved_body >= 0) {
        end_pipeline(seq, false);
        body_ = g.saved_body;
    }
}

void parser::read_separator(sequence& seq) {
    const char c = peek();
    advance();
    if (c == ';') {
        const bool ends_case_item = peek() == ';' || peek() == '&';
        if (peek() == ';') advance();
        if (peek() == '&') advance();
        end_pipeline(seq, false);
        seq.after_and_or = false;
        if (ends_case_item && !seq.groups.empty() &&
            seq.groups.back().kind == group_kind::case_block)
            seq.groups.back().in_patterns = true;
        return;
    }
    if (c == '&') {
        const bool and_list = peek() == '&';
        if (and_list) advance();
        end_pipeline(seq, !and_list);
        seq.after_and_or = and_list;
        if (and_list) skip_linebreaks();
        return;
    }
    if (peek() == '|') { // ||
        advance();
        end_pipeline(seq, false);
        seq.after_and_or = true;
        skip_linebreaks();
        return;
    }
    if (peek() == '&') advance(); // |&
    end_command(seq);
    skip_linebreaks();
}

// After |, && and || the command may continue on the next line.
void parser::skip_linebreaks() {
    while (true) {
        skip_blanks();
        if (peek() == '#') skip_comment();
        if (at_end() || peek() != '\n') return;
        advance();
        read_heredocs();
    }
}

bool parser::starts_redirection() const {
    std::size_t k = 0;
    while (is_digit(peek(k)))
        ++k;
    const char c = peek(k);
    if (c == '<' || c == '>') return peek(k + 1) != '(';
    return k == 0 && c == '&' && peek(1) == '>';
}

void parser::read_redirection(sequence& seq) {
    redirection r;
    r.pos = pos_;
    while (is_digit(peek()))
        advance();
    for (std::string_view op : redirection_operators) {
        if (looking_at(op)) {
            r.op = op;
            advance_by(op.size());
            break;
        }
    }
    skip_blanks();
    r.target = lex_word();
    if (r.op == "<<" || r.op == "<<-") r.heredoc = register_heredoc(r.target, r.op == "<<-");
    touch(seq, r.pos);
    seq.current.redirections.push_back(std::move(r));
}

// Inside "case ... in": patterns up to ")" are not commands.
void parser::read_case_pattern(sequence& seq) {
    const char c = peek();
    if (c == '\n') {
        advance();
        read_heredocs();
        return;
    }
    if (c == '#') {
        skip_comment();
        return;
    }
    if (c == ')') {
        advance();
        seq.groups.back().in_patterns = false;
        return;
    }
    if (is_metachar(c)) {
        advance();
        return;
    }
    const word w = lex_word();
    if (bare_literal(w) == "esac") seq.groups.pop_back();
}

void parser::touch(sequence& seq, position at) {
    if (seq.current.words.empty() && seq.current.redirections.empty()) seq.current.pos = at;
}

void parser::end_command(sequence& seq) {
    if (take_function_header(seq)) return;
    if (seq.current.words.empty() && seq.current.redirections.empty()) return;
    seq.current.body = body_;
    seq.current.conditional = seq.compounds > 0 || seq.after_and_or ||
                              std::any_of(seq.groups.begin(), seq.groups.end(), [](const group& g) {
                                  return g.kind != group_kind::brace;
                              });
    seq.pipe.commands.push_back(out_.commands.size());
    out_.commands.push_back(std::move(seq.current));
    seq.current = command{};
}

void parser::end_pipeline(sequence& seq, bool background) {
    end_command(seq);
    if (seq.pipe.commands.empty()) return;
    if (seq.pipe.commands.size() > 1 || background) // each side of a pipe runs in a subshell
        for (std::size_t index : seq.pipe.commands)
            out_.commands[index].conditional = true;
    seq.pipe.background = background;
    out_.pipelines.push_back(std::move(seq.pipe));
    seq.pipe = pipeline{};
}

// --- here-documents ------------------------------------------------------------------------

int parser::register_heredoc(const word& delimiter, bool strip_tabs) {
    heredoc h;
    h.strip_tabs = strip_tabs;
    h.expands = true;
    for (const segment& s : delimiter.segments) {
        if (s.quoted) h.expands = false;
        h.delimiter += s.kind == segment_kind::parameter ? "$" + s.text : s.text;
    }
    out_.heredocs.push_back(std::move(h));
    pending_heredocs_.push_back(out_.heredocs.size() - 1);
    return static_cast<int>(out_.heredocs.size() - 1);
}

// Bodies follow the line that announced them, in order.
void parser::read_heredocs() {
    const std::vector<std::size_t> pending = std::move(pending_heredocs_);
    pending_heredocs_.clear();
    for (std::size_t index : pending)
        read_heredoc(index);
}

void parser::read_heredoc(std::size_t index) {
    const position start = pos_;
    const std::string delimiter = out_.heredocs[index].delimiter;
    const bool strip_tabs = out_.heredocs[index].strip_tabs;
    std::string body;
    while (!at_end()) {
        const std::size_t end = std::min(text_.find('\n', i_), text_.size());
        std::string_view line = text_.substr(i_, end - i_);
        advance_by(line.size() + 1);
        if (strip_tabs) line.remove_prefix(std::min(line.find_first_not_of('\t'), line.size()));
        if (line == delimiter) break;
        body.append(line);
        body += '\n';
    }
    out_.heredocs[index].pos = start;
    out_.heredocs[index].text = body;
    if (!out_.heredocs[index].expands) return;
    if (depth_ >= max_depth) {
        out_.too_deep = true;
        return;
    }
    // The body may hold here-documents of its own, so out_.heredocs can grow meanwhile.
    parser sub(body, start, out_, depth_ + 1, body_);
    std::vector<segment> expansion = sub.expand_heredoc_body();
    out_.heredocs[index].expansion = std::move(expansion);
}

std::vector<segment> parser::expand_heredoc_body() {
    std::vector<segment> segments;
    lex_double_quoted(segments, false);
    return segments;
}

// --- words ---------------------------------------------------------------------------------

word parser::lex_word() {
    word w;
    w.pos = pos_;
    while (!at_end()) {
        const char c = peek();
        if ((c == '<' || c == '>') && peek(1) == '(') {
            w.segments.push_back(lex_substitution(segment_kind::process_substitution, false));
            continue;
        }
        if (is_metachar(c)) break;
        lex_unquoted(w.segments);
    }
    return w;
}

void parser::lex_unquoted(std::vector<segment>& segments) {
    switch (peek()) {
    case '\\':
        lex_escape(segments);
        return;
    case '\'':
        lex_single_quoted(segments);
        return;
    case '"':
        advance();
        lex_double_quoted(segments, true);
        return;
    case '$':
        lex_dollar(segments, false);
        return;
    case '`':
        segments.push_back(lex_backtick(false));
        return;
    default:
        append_literal(segments, peek(), false);
        advance();
    }
}

void parser::lex_escape(std::vector<segment>& segments) {
    advance();
    if (at_end()) {
        append_literal(segments, '\\', false);
        return;
    }
    if (peek() != '\n') append_literal(segments, peek(), true); // else: a line continuation
    advance();
}

void parser::lex_single_quoted(std::vector<segment>& segments) {
    advance();
    segments.push_back(make_segment(segment_kind::literal, true));
    while (!at_end() && peek() != '\'') {
        segments.back().text += peek();
        advance();
    }
    advance();
}

// $'...': decodes the escapes, so $'\x72m' reads as "rm".
void parser::lex_ansi_c_quoted(std::vector<segment>& segments) {
    advance();
    segments.push_back(make_segment(segment_kind::literal, true));
    std::string& text = segments.back().text;
    auto digits = [&](int base, int max_count) {
        int value = 0;
        for (int n = 0; n < max_count && std::isxdigit(static_cast<unsigned char>(peek())); ++n) {
            const int digit = is_digit(peek()) ? peek() - '0' : std::tolower(peek()) - 'a' + 10;
            if (digit >= base) break;
            value = value * base + digit;
            advance();
        }
        text += static_cast<char>(value);
    };
    static constexpr std::string_view simple = "n\nt\tr\ra\ab\be\x1b"
                                               "E\x1b"
                                               "f\fv\v";
    while (!at_end() && peek() != '\'') {
        if (peek() != '\\') {
            text += peek();
            advance();
            continue;
        }
        advance();
        const char c = peek();
        const std::size_t at = simple.find(c);
        if (at != std::string_view::npos && at % 2 == 0) {
            text += simple[at + 1];
            advance();
        } else if (c == 'x') {
            advance();
            digits(16, 2);
        } else if (c >= '0' && c <= '7') {
            digits(8, 3);
        } else {
            if (c != '\\' && c != '\'' && c != '"' && c != '?') text += '\\';
            text += c;
            advance();
        }
    }
    advance();
}

// Inside "..." (until_quote) or an unquoted here-document body (to the end of the text).
void parser::lex_double_quoted(std::vector<segment>& segments, bool until_quote) {
    const std::size_t before = segments.size();
    while (!at_end()) {
        const char c = peek();
        if (until_quote && c == '"') {
            advance();
            break;
        }
        const char next = peek(1);
        if (c == '\\' && (next == '$' || next == '`' || next == '\\' || next == '\n' ||
                          (until_quote && next == '"'))) {
            advance();
            if (next != '\n') append_literal(segments, next, true);
            advance();
        } else if (c == '$') {
            lex_dollar(segments, true);
        } else if (c == '`') {
            segments.push_back(lex_backtick(true));
        } else {
            append_literal(segments, c, true);
            advance();
        }
    }
    if (segments.size() == before) start_literal(segments, true); // "" is still a word
}

void parser::lex_dollar(std::vector<segment>& segments, bool quoted) {
    const char next = peek(1);
    if (next == '(' && peek(2) == '(' && arithmetic_ahead(3)) {
        advance_by(3);
        skip_parenthesized(2);
        segments.push_back(make_segment(segment_kind::arithmetic, quoted));
    } else if (next == '(') {
        advance_by(2);
        segments.push_back(lex_substitution(segment_kind::command_substitution, quoted));
    } else if (next == '{') {
        advance_by(2);
        segments.push_back(lex_braced_parameter(quoted));
    } else if (!quoted && next == '\'') {
        advance();
        lex_ansi_c_quoted(segments);
    } else if (!quoted && next == '"') {
        advance_by(2);
        lex_double_quoted(segments, true);
    } else if (is_name_start(next) || is_special_parameter(next)) {
        advance();
        segment s = make_segment(segment_kind::parameter, quoted);
        s.text = peek();
        advance();
        while (is_name_start(next) && is_name_char(peek())) {
            s.text += peek();
            advance();
        }
        segments.push_back(std::move(s));
    } else {
        append_literal(segments, '$', quoted);
        advance();
    }
}

// After "${": [#|!]NAME[[index]][OPERATOR[OPERAND]]}
segment parser::lex_braced_parameter(bool quoted) {
    segment s = make_segment(segment_kind::parameter, quoted);
    if (depth_ >= max_depth) {
        out_.too_deep = true;
        skip_braced();
        return s;
    }
    if ((peek() == '#' || peek() == '!') && peek(1) != '}') {
        s.prefix = peek();
        advance();
    }
    if (is_name_start(peek()) || is_digit(peek())) {
        const bool name = is_name_start(peek());
        while (name ? is_name_char(peek()) : is_digit(peek())) {
            s.text += peek();
            advance();
        }
    } else if (is_special_parameter(peek())) {
        s.text = peek();
        advance();
    }
    if (peek() == '[') {
        while (!at_end() && peek() != ']')
            advance();
        advance();
    }
    for (std::string_view op : parameter_operators) {
        if (looking_at(op)) {
            s.op = op;
            advance_by(op.size());
            break;
        }
    }
    ++depth_;
    lex_operand(s.operand, quoted);
    --depth_;
    advance(); // }
    return s;
}

void parser::lex_operand(std::vector<segment>& segments, bool quoted) {
    while (!at_end() && peek() != '}') {
        const char c = peek();
        if (c == '$') {
            lex_dollar(segments, quoted);
        } else if (c == '`') {
            segments.push_back(lex_backtick(quoted));
        } else if (c == '\\') {
            lex_escape(segments);
        } else if (c == '"') {
            advance();
            if (!quoted) lex_double_quoted(segments, true);
        } else if (c == '\'' && !quoted) {
            lex_single_quoted(segments);
        } else {
            append_literal(segments, c, quoted);
            advance();
        }
    }
}

// At "$(", "<(" or ">(": the commands up to the matching ")" form a body of their own.
segment parser::lex_substitution(segment_kind kind, bool quoted) {
    segment s = make_segment(kind, quoted);
    if (kind == segment_kind::process_substitution) {
        s.text = peek();
        advance_by(2);
    }
    if (depth_ >= max_depth) {
        out_.too_deep = true;
        skip_parenthesized(1);
        return s;
    }
    const int saved = body_;
    body_ = new_body(saved);
    s.body = body_;
    ++depth_;
    parse_sequence(true);
    --depth_;
    body_ = saved;
    return s;
}

// `...`: the text between the backquotes, unescaped, is parsed as a script of its own.
segment parser::lex_backtick(bool quoted) {
    segment s = make_segment(segment_kind::command_substitution, quoted);
    advance();
    const position origin = pos_;
    std::string inner;
    while (!at_end() && peek() != '`') {
        if (peek() == '\\' && (peek(1) == '`' || peek(1) == '\\' || peek(1) == '$')) advance();
        inner += peek();
        advance();
    }
    advance();
    if (depth_ >= max_depth) {
        out_.too_deep = true;
        return s;
    }
    s.body = new_body(body_);
    parser sub(inner, origin, out_, depth_ + 1, s.body);
    sub.parse_sequence(false);
    return s;
}

} // namespace

script parse(std::string_view text, position origin) {
    script out;
    parser p(text, origin, out, 0, 0);
    p.parse_sequence(false);
    return out;
}

} // namespace evo::shell
