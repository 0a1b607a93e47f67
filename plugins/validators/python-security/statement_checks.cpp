#include "statement_checks.hpp"

namespace evo::python_security {

namespace {

// `except:` and `except Exception [as e]:` catch every error; bandit leaves handlers of
// specific exceptions alone by default (check_typed_exception: false).
bool catches_everything(const module_view& m, token_range header) {
    std::uint32_t next = header.begin + 1;
    if (next == header.end) return true;
    if (!m.at(next).is_name("Exception")) return false;
    return next + 1 == header.end || m.at(next + 1).is_name("as");
}

bool is_lone(const module_view& m, token_range statement, std::string_view keyword) {
    return statement.end == statement.begin + 1 && m.at(statement.begin).is_name(keyword);
}

} // namespace

void statement_checks::on_statement(token_range statement, bool header, const module_view& m,
                                    reporter& out) {
    const token& first = m.at(statement.begin);
    if (state_ == state::body_seen) {
        // f-string fields are appended after the module's own statements; one that starts
        // before the body is past the module's end.
        bool past_end = first.text.data() < m.at(body_).text.data();
        position at = m.stream().locate(first.text);
        if (past_end || (at.line > body_at_.line && at.column <= handler_at_.column))
            report_handler(out);
        state_ = state::idle;
    }
    if (state_ == state::awaiting_body) {
        state_ = state::idle;
        if (!header && (is_lone(m, statement, "pass") || is_lone(m, statement, "continue"))) {
            state_ = state::body_seen;
            body_ = statement.begin;
            body_is_continue_ = first.is_name("continue");
            body_at_ = m.stream().locate(first.text);
            return;
        }
    }
    if (header && first.is_name("except") && catches_everything(m, statement)) {
        state_ = state::awaiting_body;
        handler_ = statement.begin;
        handler_at_ = m.stream().locate(first.text);
    } else if (!header && first.is_name("assert")) {
        out.report(rule::assert_used, statement.begin,
                   "assert is skipped under python -O: the check it makes can vanish");
    }
}

void statement_checks::finish(reporter& out) {
    if (state_ == state::body_seen) report_handler(out);
    state_ = state::idle;
}

void statement_checks::report_handler(reporter& out) {
    out.report(body_is_continue_ ? rule::except_continue : rule::except_pass, handler_,
               body_is_continue_
                   ? "except catches every error and only continues: failures are skipped silently"
                   : "except catches every error and only passes: failures vanish silently");
}

} // namespace evo::python_security
