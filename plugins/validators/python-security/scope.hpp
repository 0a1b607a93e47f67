// What the names of a module stand for, as far as a security analysis needs to know:
// imported modules and their aliases, results of calls, and plain values that shadow them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace evo::python_security {

enum class binding_kind : std::uint8_t {
    qualified_name, // an import or an alias: `import subprocess as sp`, `run = os.system`
    call_result,    // `tar = tarfile.open(p)`, `with socket.socket() as s`
    value,          // anything else: a local definition or a computed value
};

struct binding {
    binding_kind kind = binding_kind::value;
    std::string qualified;       // "subprocess", "os.system", "tarfile.open()"
    std::uint32_t call_open = 0; // call_result: the '(' of the call
    std::uint32_t first = 0;     // call_result and value: the tokens of the bound expression
    std::uint32_t last = 0;      // one past its last token
    bool from_import = false;
};

class scope {
  public:
    void bind_import(std::string_view name, std::string qualified);
    void bind_alias(std::string_view name, std::string qualified);
    void bind_call_result(std::string_view name, std::string qualified, std::uint32_t open,
                          std::uint32_t first, std::uint32_t last);
    // A plain value never replaces an import: `except ImportError: subprocess = None` keeps
    // `subprocess` meaning the module.
    void bind_value(std::string_view name, std::uint32_t first, std::uint32_t last);

    const binding* find(std::string_view name) const;

    // Function and class bodies get a layer of their own: what they bind stays there, and
    // the module's names show through where they bind nothing. Python decides locality for
    // the whole body; here a local binding counts from its assignment on (an earlier use
    // would raise UnboundLocalError, so resolving it to the module's name costs nothing).
    // A class body's names are not visible from the methods inside it, as in Python.
    // Comprehensions and lambdas bind no names here: their variables never hide anything.
    void enter_body(bool class_body);
    void leave_body();
    std::size_t depth() const { return depth_; }
    // `global name` in the current body: its bindings go to the module.
    void declare_global(std::string_view name);

    void add_star_import(std::string module) { star_imports_.push_back(std::move(module)); }
    const std::vector<std::string>& star_imports() const { return star_imports_; }

    void note_imported_module(std::string_view dotted);
    // True when the module or one of its submodules was imported, under any name.
    bool imports_module(std::string_view module) const;

  private:
    struct layer {
        std::unordered_map<std::string_view, binding> names;
        std::unordered_set<std::string_view> globals;
        bool class_body = false;
        std::uint64_t mask = 0; // name_bit of every name above: most lookups skip the layer
    };
    static std::uint64_t name_bit(std::string_view name) {
        unsigned first = name.empty() ? 0 : static_cast<unsigned char>(name[0]);
        return std::uint64_t{1} << ((name.size() * 7 + first) & 63);
    }
    std::unordered_map<std::string_view, binding>& target(std::string_view name);

    std::unordered_map<std::string_view, binding> names_;
    std::vector<layer> layers_; // layers_[0, depth_) are in use; the rest are kept for reuse
    std::size_t depth_ = 0;
    std::vector<std::string> star_imports_;
    std::unordered_set<std::string> imported_modules_;
};

// Rewrites platform aliases of modules to the name rules use ("posix.system" -> "os.system").
std::string canonical_module(std::string_view dotted);

} // namespace evo::python_security
