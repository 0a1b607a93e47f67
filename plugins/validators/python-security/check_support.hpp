// What every check needs: a place to report findings and readers for literal arguments.
#pragma once

#include "expressions.hpp"
#include "rules.hpp"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace evo::python_security {

struct raw_finding {
    rule id;
    std::uint32_t token; // where it is reported
    evo_severity severity;
    evo_severity confidence;
    std::string message;
    std::string_view place{}; // a view into the source, reported instead of the token's place
};

class reporter {
  public:
    // With the rule's default severity and confidence.
    void report(rule id, std::uint32_t token, std::string message);
    void report(rule id, std::uint32_t token, std::string message, evo_severity severity,
                evo_severity confidence);
    // At a place in the source no token covers, such as a character inside a comment.
    void report_at(rule id, std::string_view place, std::string message);
    std::vector<raw_finding>& findings() { return findings_; }

  private:
    std::vector<raw_finding> findings_;
};

template <class List> bool is_one_of(std::string_view value, const List& list) {
    return std::find(std::begin(list), std::end(list), value) != std::end(list);
}
inline bool is_one_of(std::string_view value, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// The truth value of a literal (True, 0, "", None, [], ...); nullopt when not a literal.
std::optional<bool> literal_truth(const module_view& m, token_range value);

// The value of an integer literal (0o777, 0x1ff, 511, 1_000); nullopt otherwise.
std::optional<long long> integer_literal(std::string_view text);

// The value of a plain string argument, or of the first element of a list or tuple display:
// the program of a process call.
std::optional<std::string> leading_string(const module_view& m, token_range value);

// The argument passed by this keyword, or else at this position.
const argument* argument_at(const call_site& site, std::size_t index, std::string_view keyword);

// The call unpacks *args or **kwargs: any argument may be among them.
bool unpacks_arguments(const call_site& site);

// The last name of the chain in `range`: `SSLv3_METHOD` for `OpenSSL.SSL.SSLv3_METHOD`,
// `AutoAddPolicy` for `paramiko.AutoAddPolicy()`; empty when it is not a plain chain.
std::string_view last_chain_name(const module_view& m, token_range range);

// The callee's name for messages: "subprocess.run", or ".method()" when unresolved.
std::string callee_label(const call_site& site);

// The tokens of `range` contain a name token with this text (e.g. SOCK_RAW).
bool mentions_name(const module_view& m, token_range range, std::string_view name);

} // namespace evo::python_security
