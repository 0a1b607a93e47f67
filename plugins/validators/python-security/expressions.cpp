#include "expressions.hpp"

#include "string_literals.hpp"

namespace evo::python_security {

namespace {

// Guards the recursion through nested getattr/__import__ arguments.
constexpr int max_depth = 16;
// No rule looks for a longer name; hostile input (`a.a.a.a...`) stops being tracked here.
constexpr std::size_t max_name_size = 256;

char closing_for(const token& opening) {
    return opening.text[0] == '(' ? ')' : opening.text[0] == '[' ? ']' : '}';
}

int bracket_kind(char bracket) {
    return bracket == '(' || bracket == ')' ? 0 : bracket == '[' || bracket == ']' ? 1 : 2;
}

// Pairs brackets within each logical line. A closer without an open bracket of its kind
// stays unpaired; one with such a bracket below others pairs with it and leaves the ones in
// between unpaired. Counting open brackets per kind keeps this linear on hostile input.
std::vector<std::uint32_t> match_brackets(const std::vector<token>& tokens) {
    std::vector<std::uint32_t> partners(tokens.size(), no_token);
    std::vector<std::uint32_t> open;
    int open_of_kind[3] = {0, 0, 0};
    for (std::uint32_t i = 0; i < tokens.size(); ++i) {
        const token& t = tokens[i];
        if (t.kind == token_kind::newline) {
            open.clear();
            open_of_kind[0] = open_of_kind[1] = open_of_kind[2] = 0;
        } else if (t.opens_bracket()) {
            open.push_back(i);
            ++open_of_kind[bracket_kind(t.text[0])];
        } else if (t.closes_bracket() && open_of_kind[bracket_kind(t.text[0])] > 0) {
            while (closing_for(tokens[open.back()]) != t.text[0]) {
                --open_of_kind[bracket_kind(tokens[open.back()].text[0])];
                open.pop_back();
            }
            partners[open.back()] = i;
            partners[i] = open.back();
            --open_of_kind[bracket_kind(t.text[0])];
            open.pop_back();
        }
    }
    return partners;
}

// `globals()`, `locals()` and `vars()` without arguments: the names of the running code.
// Inside a function `locals()` holds its locals; resolving the key through the names seen
// at that point covers both.
bool is_namespace_function(std::string_view callee) {
    return callee == "globals" || callee == "locals" || callee == "vars" ||
           callee == "builtins.globals" || callee == "builtins.locals" || callee == "builtins.vars";
}

bool is_dynamic_import(std::string_view callee) {
    return callee == "__import__" || callee == "builtins.__import__" ||
           callee == "importlib.import_module" || callee == "importlib.__import__";
}

} // namespace

module_view::module_view(const token_stream& stream, const scope& names, name_predicate known_name)
    : stream_(stream), names_(names), known_name_(known_name),
      partners_(match_brackets(stream.tokens)) {}

bool module_view::starts_chain(std::uint32_t i) const {
    const token& t = at(i);
    const token* before = i > 0 ? &at(i - 1) : nullptr;
    if (t.is_op("(")) return starts_group_chain(i);
    if (t.kind != token_kind::name || is_keyword(t.text)) return false;
    return !before || (!before->is_op(".") && !before->is_name("def") && !before->is_name("class"));
}

bool module_view::starts_group_chain(std::uint32_t i) const {
    std::uint32_t close = partner(i);
    if (close == no_token || !at(close + 1).is_op(".")) return false;
    if (i == 0) return true;
    const token& before = at(i - 1);
    bool calls_something = (before.kind == token_kind::name && !is_keyword(before.text)) ||
                           before.is_op(")") || before.is_op("]");
    return !calls_something;
}

std::string module_view::resolve_root(std::string_view name, std::uint32_t& receiver_call) const {
    if (const binding* bound = names_.find(name)) {
        if (bound->kind == binding_kind::call_result) receiver_call = bound->call_open;
        return bound->kind == binding_kind::value ? std::string() : bound->qualified;
    }
    if (name == "__builtins__") return "builtins";
    for (auto module = names_.star_imports().rbegin(); module != names_.star_imports().rend();
         ++module) {
        std::string candidate = *module + "." + std::string(name);
        if (known_name_(candidate)) return candidate;
    }
    return std::string(name);
}

// Resolves one chain left to right: its root, then attributes, calls and subscripts.
class chain_walker {
  public:
    chain_walker(const module_view& m, std::uint32_t start, chain_visitor* visitor, int depth)
        : m_(m), start_(start), visitor_(visitor), depth_(depth) {}

    chain run(std::uint32_t limit) {
        // An assignment target (`ssl.CERT_NONE = x`) is not a use of the names it spells.
        reports_references_ = visitor_ && !m_.at(spine_end(limit)).is_op("=");
        std::uint32_t i = root();
        while (i < limit) {
            const token& t = m_.at(i);
            if (t.is_op(".") && m_.at(i + 1).kind == token_kind::name)
                i = attribute(i);
            else if (t.is_op("(") && m_.partner(i) != no_token)
                i = call(i);
            else if (t.is_op("[") && m_.partner(i) != no_token)
                i = subscript(i);
            else
                break;
        }
        result_.end = i;
        result_.name = std::move(name_);
        return std::move(result_);
    }

  private:
    // Returns the index past the root.
    std::uint32_t root() {
        const token& t = m_.at(start_);
        if (t.is_op("(")) return m_.partner(start_) + 1; // `(expression).attribute`
        method_ = t.text;
        method_is_root_ = true;
        if (depth_ <= max_depth) name_ = m_.resolve_root(t.text, receiver_call_);
        const binding* bound = m_.names().find(t.text);
        dunder_builtins_ = t.text == "__builtins__" && bound == nullptr;
        if (dunder_builtins_ || (bound && bound->from_import)) remember();
        return start_ + 1;
    }

    std::uint32_t attribute(std::uint32_t dot) {
        method_ = m_.at(dot + 1).text;
        method_is_root_ = false;
        result_.last_call_open = no_token;
        if (name_.size() > max_name_size) name_.clear();
        if (!name_.empty()) {
            name_ += '.';
            name_ += method_;
            remember();
        }
        return dot + 2;
    }

    std::uint32_t call(std::uint32_t open) {
        std::uint32_t close = m_.partner(open);
        bool needs_arguments = visitor_ || is_dynamic_import(name_) || name_ == "getattr" ||
                               is_namespace_function(name_) || method_ == "get";
        auto args = needs_arguments ? m_.arguments(open, depth_ + 1) : std::vector<argument>{};
        if (visitor_) {
            token_range receiver{start_, method_is_root_ ? start_ : open - 2};
            visitor_->visit_call(
                {name_, method_, start_, open, close, receiver, receiver_call_, args});
        }
        bool looked_up = method_ == "get";
        name_ = m_.call_result(name_, args);
        if (looked_up && !name_.ends_with("()")) remember(); // `vars(builtins).get('eval')`
        method_ = {};
        method_is_root_ = false;
        result_.last_call_open = receiver_call_ = open;
        return close + 1;
    }

    std::uint32_t subscript(std::uint32_t open) {
        name_ = m_.subscript_result(name_, open);
        if (!name_.ends_with("[]")) remember();
        method_ = {};
        method_is_root_ = false;
        result_.last_call_open = receiver_call_ = no_token;
        return m_.partner(open) + 1;
    }

    void remember() {
        if (reports_references_ && !name_.empty())
            visitor_->visit_reference({name_, start_, dunder_builtins_});
    }

    // Where the chain ends, found without resolving it.
    std::uint32_t spine_end(std::uint32_t limit) const {
        std::uint32_t i = m_.at(start_).is_op("(") ? m_.partner(start_) + 1 : start_ + 1;
        while (i < limit) {
            const token& t = m_.at(i);
            if (t.is_op(".") && m_.at(i + 1).kind == token_kind::name)
                i += 2;
            else if ((t.is_op("(") || t.is_op("[")) && m_.partner(i) != no_token)
                i = m_.partner(i) + 1;
            else
                break;
        }
        return i;
    }

    const module_view& m_;
    std::uint32_t start_;
    chain_visitor* visitor_;
    int depth_;
    chain result_;
    std::string name_;
    std::string_view method_;
    bool method_is_root_ = false;
    std::uint32_t receiver_call_ = no_token;
    bool dunder_builtins_ = false;
    bool reports_references_ = false;
};

chain module_view::resolve(std::uint32_t start, chain_visitor* visitor, std::uint32_t limit) const {
    return chain_walker(*this, start, visitor, 0).run(limit);
}

std::string module_view::call_result(const std::string& callee,
                                     std::span<const argument> args) const {
    if (callee.empty()) return {};
    const argument* first = positional_argument(args, 0);
    if (is_namespace_function(callee)) {
        if (!first) return std::string(module_namespace);
        return first->name.empty() || callee != "vars" ? std::string() : first->name + ".__dict__";
    }
    if (callee.ends_with(".get") && first) {
        auto key = string_value(first->value);
        std::string found =
            key ? namespace_entry(callee.substr(0, callee.size() - 4), *key) : std::string();
        if (!found.empty()) return found;
    }
    if (is_dynamic_import(callee) && first) {
        auto module = string_value(first->value);
        if (!module) return {};
        if (callee.ends_with("__import__")) module = module->substr(0, module->find('.'));
        return canonical_module(*module);
    }
    if (callee == "getattr") {
        const argument* attribute = positional_argument(args, 1);
        auto attribute_name = attribute ? string_value(attribute->value) : std::nullopt;
        if (!first || first->name.empty() || !attribute_name) return {};
        return first->name + "." + *attribute_name;
    }
    return callee + "()";
}

std::string module_view::subscript_result(const std::string& subject, std::uint32_t open) const {
    if (subject.empty()) return {};
    if (auto key = string_value({open + 1, partner(open)})) {
        std::string found = namespace_entry(subject, *key);
        if (!found.empty()) return found;
    }
    return subject + "[]";
}

// What a literal key names in a namespace mapping: `sys.modules['os']` is os,
// `builtins.__dict__['eval']` and `__builtins__['eval']` are builtins.eval, and the module's
// own namespace (`globals()['os']`) holds what the name means here.
std::string module_view::namespace_entry(std::string_view subject, const std::string& key) const {
    if (subject == "sys.modules") return canonical_module(key);
    if (subject == "builtins") return "builtins." + key;
    if (subject.ends_with(".__dict__"))
        return std::string(subject.substr(0, subject.size() - 8)) + key;
    if (subject == module_namespace) {
        if (key == "__builtins__") return "builtins";
        // A name the module does not bind is taken for the builtin (`globals()['eval']`).
        if (!names_.find(key) && names_.star_imports().empty()) return "builtins." + key;
        std::uint32_t ignored = no_token;
        return resolve_root(key, ignored);
    }
    return {};
}

std::vector<argument> module_view::arguments(std::uint32_t open) const {
    return arguments(open, 1);
}

std::vector<argument> module_view::arguments(std::uint32_t open, int depth) const {
    std::vector<argument> args;
    std::uint32_t close = partner(open);
    if (close == no_token) return args;
    std::uint32_t piece = open + 1;
    for (std::uint32_t i = open + 1; i <= close; ++i) {
        if (i < close && !at(i).is_op(",")) {
            if (at(i).opens_bracket() && partner(i) != no_token) i = partner(i);
            continue;
        }
        argument arg;
        std::uint32_t begin = piece;
        piece = i + 1;
        if (begin < i && (at(begin).is_op("*") || at(begin).is_op("**")))
            arg.stars = static_cast<std::uint8_t>(at(begin++).text.size());
        else if (begin + 1 < i && at(begin).kind == token_kind::name && at(begin + 1).is_op("="))
            arg.keyword = at(begin).text, begin += 2;
        if (begin >= i) continue;
        arg.value = {begin, i};
        if (depth <= max_depth && starts_chain(begin)) {
            chain c = chain_walker(*this, begin, nullptr, depth).run(i);
            if (c.end == i) arg.name = std::move(c.name);
        }
        args.push_back(std::move(arg));
    }
    return args;
}

bool module_view::is_plain_string(token_range range) const {
    if (range.empty()) return false;
    for (std::uint32_t i = range.begin; i < range.end; ++i)
        if (at(i).kind != token_kind::string || (at(i).flags & has_fields)) return false;
    return true;
}

std::optional<std::string> module_view::string_value(token_range range) const {
    if (!is_plain_string(range)) return std::nullopt;
    std::string value;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
        string_parts parts = split_string_token(at(i).text);
        value += literal_value(parts.body, (parts.flags & raw_string) != 0);
    }
    return value;
}

const argument* keyword_argument(std::span<const argument> args, std::string_view keyword) {
    for (const auto& arg : args)
        if (arg.keyword == keyword) return &arg;
    return nullptr;
}

const argument* positional_argument(std::span<const argument> args, std::size_t index) {
    for (const auto& arg : args) {
        if (!arg.keyword.empty() || arg.stars != 0) continue;
        if (index-- == 0) return &arg;
    }
    return nullptr;
}

} // namespace evo::python_security
