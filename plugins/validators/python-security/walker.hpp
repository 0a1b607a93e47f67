// Walks a module statement by statement, keeping track of what names stand for, and reports
// each call, name reference, string literal and assignment to a listener.
#pragma once

#include "expressions.hpp"
#include "imports.hpp"

namespace evo::python_security {

// The innermost bracket around a token.
enum class enclosure : std::uint8_t { none, call, parameters, braces, other };

struct string_site {
    token_range group;            // adjacent string tokens (implicit concatenation)
    bool whole_statement;         // the group is a statement of its own: a docstring
    enclosure inside;             // the innermost bracket around the group
    std::uint32_t bracket;        // that bracket's opening token, or no_token
    std::string_view call_method; // inside a call: its function or method name
};

struct assignment {
    token_range target; // without an annotation
    token_range value;
};

class listener {
  public:
    virtual void on_call(const call_site& site, const module_view& module) = 0;
    virtual void on_reference(const reference& ref, const module_view& module) = 0;
    virtual void on_string(const string_site& site, const module_view& module) = 0;
    virtual void on_assignment(const assignment& assigned, const module_view& module) = 0;
    // What one import statement imports, in order.
    virtual void on_import(std::span<const imported_name> imported, const module_view& module) = 0;
    // Every statement, before its imports, calls, strings and assignments; a header is the
    // part of a compound statement before its colon (`def f(x=1)`).
    virtual void on_statement(token_range statement, bool header, const module_view& module) = 0;

  protected:
    ~listener() = default;
};

// `known_name` tells which names a `from module import *` may bring in (see name_predicate).
void walk(const token_stream& stream, listener& events, name_predicate known_name);

} // namespace evo::python_security
