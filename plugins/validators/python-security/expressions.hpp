// Expression chains -- `subprocess.run(...)`, `tarfile.open(p).extractall`,
// `getattr(__import__('os'), 'system')` -- resolved to qualified names through the imports
// and assignments seen so far, plus the call arguments and literals rules inspect.
#pragma once

#include "scope.hpp"
#include "tokenizer.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evo::python_security {

inline constexpr std::uint32_t no_token = UINT32_MAX;

struct token_range {
    std::uint32_t begin = 0;
    std::uint32_t end = 0; // one past the last token
    bool empty() const { return begin >= end; }
};

struct argument {
    std::string_view keyword; // empty for a positional argument
    token_range value;
    std::uint8_t stars = 0; // 1 for *args, 2 for **kwargs
    std::string name; // the resolved name when the value is a plain chain, e.g. "yaml.SafeLoader"
};

struct call_site {
    std::string_view callee; // "subprocess.run", "tarfile.open().extractall"; empty when unknown
    std::string_view method; // the name right before '(' ("run", "extractall"); may be empty
    std::uint32_t anchor;    // first token of the expression: the reported position
    std::uint32_t open;      // '('
    std::uint32_t close;     // ')'
    token_range receiver;    // `obj` in `obj.method(...)`; empty for a plain function call
    std::uint32_t receiver_call; // '(' of the call that produced the receiver, or no_token
    std::span<const argument> args;
};

struct reference {
    std::string_view name;        // "ssl.CERT_NONE", "builtins.eval"
    std::uint32_t anchor;         // first token of the expression
    bool through_dunder_builtins; // the expression starts at `__builtins__`
};

// Receives the calls and name references found while a chain is resolved.
class chain_visitor {
  public:
    virtual void visit_call(const call_site& site) = 0;
    virtual void visit_reference(const reference& ref) = 0;

  protected:
    ~chain_visitor() = default;
};

struct chain {
    std::string name;      // qualified name of the whole chain; empty when unknown
    std::uint32_t end = 0; // one past its last token
    std::uint32_t last_call_open = no_token; // '(' of its final call, when it ends with one
};

class chain_walker;

// The name a chain takes for the namespace of the running code (`globals()`, `vars()`).
inline constexpr std::string_view module_namespace = "globals()";

// Answers whether a qualified name is one that rules look for; used to resolve the names a
// `from module import *` brings in.
using name_predicate = bool (*)(std::string_view qualified);

// What an analysis can ask about a module's tokens at one point of the walk.
class module_view {
  public:
    module_view(const token_stream& stream, const scope& names, name_predicate known_name);

    const token_stream& stream() const { return stream_; }
    const token& at(std::uint32_t i) const { return stream_.tokens[i]; }
    const scope& names() const { return names_; }
    // The matching bracket of an opening or closing bracket, or no_token.
    std::uint32_t partner(std::uint32_t bracket) const { return partners_[bracket]; }

    // A chain starts at a name (`os.system(...)`) or at a parenthesized expression whose
    // attribute is taken (`(base / "x").read_text()`), unless it continues another chain.
    bool starts_chain(std::uint32_t i) const;
    // Resolves the chain starting at token `start`, reporting its calls and references to
    // `visitor` when one is given. The chain ends at `limit` at the latest.
    chain resolve(std::uint32_t start, chain_visitor* visitor = nullptr,
                  std::uint32_t limit = no_token) const;
    std::vector<argument> arguments(std::uint32_t open) const;

    // True when `range` is one or more adjacent string literals without f-string fields.
    bool is_plain_string(token_range range) const;
    // The value of `range` when it is a plain string literal.
    std::optional<std::string> string_value(token_range range) const;

  private:
    friend class chain_walker;
    std::vector<argument> arguments(std::uint32_t open, int depth) const;
    bool starts_group_chain(std::uint32_t i) const;
    std::string resolve_root(std::string_view name, std::uint32_t& receiver_call) const;
    std::string call_result(const std::string& callee, std::span<const argument> args) const;
    std::string subscript_result(const std::string& subject, std::uint32_t open) const;
    std::string namespace_entry(std::string_view subject, const std::string& key) const;

    const token_stream& stream_;
    const scope& names_;
    name_predicate known_name_;
    std::vector<std::uint32_t> partners_;
};

// Argument lookup shared by rules.
const argument* keyword_argument(std::span<const argument> args, std::string_view keyword);
const argument* positional_argument(std::span<const argument> args, std::size_t index);

} // namespace evo::python_security
