// Checks on the shape of statements rather than on calls: assert (B101), and exception
// handlers for every error whose whole body is `pass` (B110) or `continue` (B112).
#pragma once

#include "check_support.hpp"

namespace evo::python_security {

class statement_checks {
  public:
    // Statements in source order, as the walker reports them.
    void on_statement(token_range statement, bool header, const module_view& m, reporter& out);
    // The module ended: a handler whose body was the last statement is complete.
    void finish(reporter& out);

  private:
    enum class state : std::uint8_t { idle, awaiting_body, body_seen };
    void report_handler(reporter& out);

    state state_ = state::idle;
    std::uint32_t handler_ = 0; // the `except` token
    position handler_at_{};
    std::uint32_t body_ = 0; // the `pass` or `continue` token
    position body_at_{};
    bool body_is_continue_ = false;
};

} // namespace evo::python_security
