#include "walker.hpp"

#include "imports.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace evo::python_security {

namespace {

bool is_compound_keyword(const token& t) {
    static constexpr std::array<std::string_view, 12> keywords{"if",   "elif", "else",   "while",
                                                               "for",  "try",  "except", "finally",
                                                               "with", "def",  "class",  "async"};
    return t.kind == token_kind::name &&
           std::find(keywords.begin(), keywords.end(), t.text) != keywords.end();
}

// The first depth-0 token in [begin, end) that satisfies `is_target`, or `end`.
template <class Predicate>
std::uint32_t find_at_depth_zero(const module_view& m, std::uint32_t begin, std::uint32_t end,
                                 Predicate is_target) {
    for (std::uint32_t i = begin; i < end; ++i) {
        if (m.at(i).opens_bracket() && m.partner(i) != no_token && m.partner(i) < end) {
            i = m.partner(i);
            continue;
        }
        if (is_target(m.at(i))) return i;
    }
    return end;
}

// Calls visit(begin, end, is_header) for every simple statement and every header of a
// compound statement, in source order. A header's one-line body (`if x: y = 1`) follows it.
template <class Visit> void for_each_statement(const module_view& m, Visit&& visit) {
    const auto& tokens = m.stream().tokens;
    std::uint32_t i = 0;
    while (tokens[i].kind != token_kind::end) {
        std::uint32_t line_end = i;
        while (tokens[line_end].kind != token_kind::newline &&
               tokens[line_end].kind != token_kind::end)
            ++line_end;
        for (std::uint32_t piece = i; piece < line_end;) {
            std::uint32_t piece_end =
                find_at_depth_zero(m, piece, line_end, [](const token& t) { return t.is_op(";"); });
            std::uint32_t begin = piece;
            while (begin < piece_end && is_compound_keyword(m.at(begin))) {
                std::uint32_t colon = find_at_depth_zero(
                    m, begin, piece_end, [](const token& t) { return t.is_op(":"); });
                visit(begin, colon, true);
                begin = colon + 1;
            }
            if (begin < piece_end) visit(begin, piece_end, false);
            piece = piece_end + 1;
        }
        i = tokens[line_end].kind == token_kind::newline ? line_end + 1 : line_end;
    }
}

struct frame {
    std::uint32_t open;
    std::uint32_t close;
    enclosure kind;
    std::string_view method;
};

class walker final : public chain_visitor {
  public:
    walker(const token_stream& stream, listener& events, name_predicate known_name)
        : events_(events), view_(stream, names_, known_name) {}

    void run() {
        for_each_statement(view_, [this](std::uint32_t b, std::uint32_t e, bool header) {
            declare(b, e, header);
        });
        for_each_statement(view_, [this](std::uint32_t b, std::uint32_t e, bool header) {
            process(b, e, header);
        });
    }

    void visit_call(const call_site& site) override { events_.on_call(site, view_); }
    void visit_reference(const reference& ref) override { events_.on_reference(ref, view_); }

  private:
    // First pass: imports and top-level definitions are known everywhere in the module,
    // also above the line that introduces them (functions run after the module loaded).
    void declare(std::uint32_t begin, std::uint32_t end, bool header) {
        if (is_import_statement(view_.stream().tokens, begin, end)) {
            apply_import(view_.stream().tokens, begin, end, names_);
        } else if (header && begin + 1 < end &&
                   (view_.at(begin).is_name("def") || view_.at(begin).is_name("class")) &&
                   view_.at(begin + 1).kind == token_kind::name &&
                   view_.stream().locate(view_.at(begin).text).column == 1) {
            names_.bind_value(view_.at(begin + 1).text, begin, end);
        }
    }

    void process(std::uint32_t begin, std::uint32_t end, bool header) {
        leave_finished_bodies(begin);
        events_.on_statement({begin, end}, header, view_);
        if (is_import_statement(view_.stream().tokens, begin, end)) {
            imported_.clear();
            apply_import(view_.stream().tokens, begin, end, names_, &imported_);
            events_.on_import(imported_, view_);
            return;
        }
        std::uint32_t keyword = view_.at(begin).is_name("async") ? begin + 1 : begin;
        std::uint32_t parameters = no_token;
        if (header && keyword + 2 < end && view_.at(keyword).is_name("def") &&
            view_.at(keyword + 2).is_op("("))
            parameters = keyword + 2;
        scan(begin, end, parameters);
        if (header && view_.at(keyword).is_name("with")) bind_with_targets(keyword + 1, end);
        if (!header) handle_assignments(begin, end);
        if (!header && view_.at(begin).is_name("global")) declare_globals(begin + 1, end);
        if (header && (view_.at(keyword).is_name("def") || view_.at(keyword).is_name("class")))
            enter_body(begin, view_.at(keyword).is_name("class"), parameters);
    }

    // Bytes from the start of the line: only compared with each other, and a statement that
    // begins a line has nothing but indentation before it. Cheaper than locate().
    std::uint32_t column_of(std::uint32_t i) const {
        const char* source = view_.stream().source.data();
        const char* at = view_.at(i).text.data();
        const char* line = at;
        while (line > source && line[-1] != '\n')
            --line;
        return static_cast<std::uint32_t>(at - line);
    }

    // A statement indented no deeper than a def or class header ends that body. A one-line
    // body (`def f(): return 1`) sits right of its header, so it stays inside.
    void leave_finished_bodies(std::uint32_t statement) {
        if (bodies_.empty()) return;
        std::uint32_t column = column_of(statement);
        while (!bodies_.empty() && column <= bodies_.back()) {
            bodies_.pop_back();
            names_.leave_body();
        }
    }

    // Parameters are local names of the function: `def f(subprocess)` hides the module.
    void enter_body(std::uint32_t header, bool class_body, std::uint32_t parameters) {
        bodies_.push_back(column_of(header));
        names_.enter_body(class_body);
        if (parameters == no_token || view_.partner(parameters) == no_token) return;
        std::uint32_t close = view_.partner(parameters);
        bool piece_start = true;
        for (std::uint32_t i = parameters + 1; i < close; ++i) {
            const token& t = view_.at(i);
            if (t.opens_bracket() && view_.partner(i) != no_token) {
                i = view_.partner(i);
                piece_start = false;
            } else if (t.is_op(",")) {
                piece_start = true;
            } else if (piece_start && t.kind == token_kind::name) {
                // An unbound name already stands for nothing known; leaving it unbound keeps
                // labels such as `self.run` readable.
                if (names_.find(t.text)) names_.bind_value(t.text, i, i + 1);
                piece_start = false;
            } else if (!t.is_op("*") && !t.is_op("**")) {
                piece_start = false;
            }
        }
    }

    void declare_globals(std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t i = begin; i < end; ++i)
            if (view_.at(i).kind == token_kind::name) names_.declare_global(view_.at(i).text);
    }

    // Reports the chains and strings of tokens [begin, end), tracking the brackets around them.
    void scan(std::uint32_t begin, std::uint32_t end, std::uint32_t parameters) {
        stack_.clear();
        for (std::uint32_t i = begin; i < end; ++i) {
            const token& t = view_.at(i);
            if (t.opens_bracket()) {
                if (view_.starts_chain(i)) view_.resolve(i, this);
                stack_.push_back(open_frame(begin, i, parameters));
            } else if (t.closes_bracket() && view_.partner(i) != no_token) {
                auto it = std::find_if(stack_.rbegin(), stack_.rend(),
                                       [i](const frame& f) { return f.close == i; });
                if (it != stack_.rend()) stack_.erase(std::prev(it.base()), stack_.end());
            } else if (t.kind == token_kind::string) {
                i = report_strings(begin, end, i) - 1;
            } else if (view_.starts_chain(i)) {
                view_.resolve(i, this);
            }
        }
    }

    // Reports the adjacent string tokens starting at `first`; returns the index past them.
    std::uint32_t report_strings(std::uint32_t begin, std::uint32_t end, std::uint32_t first) {
        std::uint32_t last = first;
        while (last < end && view_.at(last).kind == token_kind::string)
            ++last;
        frame innermost =
            stack_.empty() ? frame{no_token, no_token, enclosure::none, {}} : stack_.back();
        events_.on_string({{first, last},
                           first == begin && last == end,
                           innermost.kind,
                           innermost.open,
                           innermost.method},
                          view_);
        return last;
    }

    frame open_frame(std::uint32_t begin, std::uint32_t i, std::uint32_t parameters) const {
        const token& t = view_.at(i);
        frame f{i, view_.partner(i), enclosure::other, {}};
        if (i == parameters) {
            f.kind = enclosure::parameters;
        } else if (t.text == "{") {
            f.kind = enclosure::braces;
        } else if (t.text == "(" && i > begin) {
            const token& before = view_.at(i - 1);
            if (before.kind == token_kind::name && !is_keyword(before.text)) {
                f = {i, f.close, enclosure::call, before.text};
            } else if (before.is_op(")") || before.is_op("]")) {
                f.kind = enclosure::call;
            }
        }
        return f;
    }

    void handle_assignments(std::uint32_t begin, std::uint32_t end) {
        equals_.clear();
        for (std::uint32_t i = begin; i < end;) {
            i = find_at_depth_zero(view_, i, end, [](const token& t) { return t.is_op("="); });
            if (i < end) equals_.push_back(i++);
        }
        if (equals_.empty()) return;
        token_range value{equals_.back() + 1, end};
        std::uint32_t target_begin = begin;
        for (std::uint32_t equals : equals_) {
            std::uint32_t target_end = find_at_depth_zero(
                view_, target_begin, equals, [](const token& t) { return t.is_op(":"); });
            token_range target{target_begin, target_end};
            events_.on_assignment({target, value}, view_);
            if (target_end == target_begin + 1 && view_.starts_chain(target_begin))
                bind(view_.at(target_begin).text, value);
            target_begin = equals + 1;
        }
    }

    void bind(std::string_view name, token_range value) {
        if (value.empty()) return;
        if (auto passed = passed_through(value)) return bind(name, *passed);
        if (view_.starts_chain(value.begin)) {
            chain c = view_.resolve(value.begin, nullptr, value.end);
            if (c.end == value.end && !c.name.empty()) {
                if (c.last_call_open != no_token)
                    names_.bind_call_result(name, std::move(c.name), c.last_call_open, value.begin,
                                            value.end);
                else
                    names_.bind_alias(name, std::move(c.name));
                return;
            }
        }
        names_.bind_value(name, value.begin, value.end);
    }

    // The argument of a call that hands its argument back: `stack.enter_context(x)` and
    // `contextlib.closing(x)` are x.
    std::optional<token_range> passed_through(token_range value) const {
        std::uint32_t close = value.end - 1;
        if (!view_.at(close).is_op(")")) return std::nullopt;
        std::uint32_t open = view_.partner(close);
        if (open == no_token || open <= value.begin) return std::nullopt;
        const token& callee = view_.at(open - 1);
        if (!(callee.is_name("enter_context") || callee.is_name("enter_async_context") ||
              callee.is_name("closing")))
            return std::nullopt;
        token_range inner{open + 1, close};
        if (inner.empty() || find_at_depth_zero(view_, inner.begin, inner.end, [](const token& t) {
                                 return t.is_op(",");
                             }) != inner.end)
            return std::nullopt;
        return inner;
    }

    // `with tarfile.open(p) as tar, open(q) as f:` binds tar and f.
    void bind_with_targets(std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t as = begin; as + 1 < end; ++as) {
            if (!view_.at(as).is_name("as") || view_.at(as + 1).kind != token_kind::name) continue;
            std::uint32_t item = as;
            while (item > begin) {
                const token& before = view_.at(item - 1);
                if (before.closes_bracket() && view_.partner(item - 1) != no_token) {
                    item = view_.partner(item - 1);
                } else if (before.is_op(",") || before.opens_bracket()) {
                    break;
                } else {
                    --item;
                }
            }
            bind(view_.at(as + 1).text, {item, as});
        }
    }

    listener& events_;
    scope names_;
    module_view view_;
    std::vector<frame> stack_;
    std::vector<std::uint32_t> bodies_; // the header column of each enclosing def or class
    std::vector<std::uint32_t> equals_;
    std::vector<imported_name> imported_;
};

} // namespace

void walk(const token_stream& stream, listener& events, name_predicate known_name) {
    walker(stream, events, known_name).run();
}

} // namespace evo::python_security
