// What a path expression denotes, as far as its literals reveal, and which paths are
// dangerous to delete or hold secrets.
#pragma once

#include "expressions.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace evo::python_security {

// The path an expression spells out: `os.path.join(os.path.expanduser("~"), ".ssh", "id_rsa")`
// and `Path.home() / ".ssh" / "id_rsa"` both give "~/.ssh/id_rsa". Names bound to such
// expressions are followed; parts known only at run time read as unknown_part ("{}").
std::string path_text(const module_view& m, token_range range);

enum class deletion_risk : std::uint8_t {
    none,     // relative, temporary or unknown
    absolute, // some absolute path, or a path below the home directory
    critical, // the root, a home directory, or a system directory
};

deletion_risk classify_deletion(std::string_view path);

// What kind of secret a path holds ("SSH keys", "AWS credentials"), or nullopt.
std::optional<std::string_view> secret_kind(std::string_view path);

} // namespace evo::python_security
