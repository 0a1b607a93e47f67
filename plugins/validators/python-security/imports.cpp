#include "imports.hpp"

namespace evo::python_security {

namespace {

struct dotted_name {
    std::string path;            // "a.b.c"
    std::string_view first_name; // "a", a view into the source
    std::uint32_t anchor = 0;    // its first token
};

// Reads the tokens of one import statement left to right.
class import_reader {
  public:
    import_reader(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end)
        : tokens_(tokens), at_(begin), end_(end) {}

    bool accept_name(std::string_view name) {
        if (at_ < end_ && tokens_[at_].is_name(name)) return ++at_, true;
        return false;
    }
    bool accept_op(std::string_view op) {
        if (at_ < end_ && tokens_[at_].is_op(op)) return ++at_, true;
        return false;
    }
    std::string_view name() {
        if (at_ < end_ && tokens_[at_].kind == token_kind::name && !is_keyword(tokens_[at_].text))
            return tokens_[at_++].text;
        return {};
    }
    dotted_name dotted() {
        dotted_name result{std::string(name()), {}};
        if (result.path.empty()) return result;
        result.first_name = tokens_[at_ - 1].text;
        result.anchor = at_ - 1;
        while (at_ + 1 < end_ && tokens_[at_].is_op(".") &&
               tokens_[at_ + 1].kind == token_kind::name) {
            result.path += '.';
            result.path += tokens_[at_ + 1].text;
            at_ += 2;
        }
        return result;
    }
    // The leading dots of a relative import.
    std::string relative_dots() {
        std::string dots;
        while (at_ < end_ && (tokens_[at_].is_op(".") || tokens_[at_].is_op("...")))
            dots += tokens_[at_++].text;
        return dots;
    }
    std::uint32_t at() const { return at_; }
    std::string_view alias_or(std::string_view fallback) {
        if (!accept_name("as")) return fallback;
        std::string_view alias = name();
        return alias.empty() ? fallback : alias;
    }

  private:
    const std::vector<token>& tokens_;
    std::uint32_t at_;
    std::uint32_t end_;
};

void apply_plain_import(import_reader& in, scope& names, std::vector<imported_name>* imported) {
    do {
        dotted_name module = in.dotted();
        if (module.path.empty()) return;
        if (imported) imported->push_back({module.path, module.anchor});
        std::string canonical = canonical_module(module.path);
        names.note_imported_module(canonical);
        std::string_view alias = in.alias_or({});
        if (!alias.empty())
            names.bind_import(alias, canonical);
        else
            names.bind_import(module.first_name, canonical_module(module.first_name));
    } while (in.accept_op(","));
}

void apply_from_import(import_reader& in, scope& names, std::vector<imported_name>* imported) {
    std::string module = in.relative_dots();
    bool relative = !module.empty();
    module += in.dotted().path;
    if (!in.accept_name("import")) return;
    std::string written = module; // as spelled: `_pickle` is not bandit's `pickle`
    if (!relative) {
        module = canonical_module(module);
        names.note_imported_module(module);
    }
    if (in.accept_op("*")) {
        if (!relative) names.add_star_import(module);
        if (!relative && imported) imported->push_back({written, in.at() - 1});
        return;
    }
    in.accept_op("(");
    do {
        std::uint32_t anchor = in.at();
        std::string_view member = in.name();
        if (member.empty()) return;
        std::string qualified = module;
        if (!relative || qualified.back() != '.') qualified += '.';
        qualified += member;
        if (!relative) names.note_imported_module(qualified);
        if (!relative && imported)
            imported->push_back({written + "." + std::string(member), anchor});
        names.bind_import(in.alias_or(member), std::move(qualified));
    } while (in.accept_op(","));
}

} // namespace

bool is_import_statement(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end) {
    if (begin >= end) return false;
    if (tokens[begin].is_name("import")) return true;
    if (!tokens[begin].is_name("from")) return false;
    for (std::uint32_t i = begin + 1; i < end; ++i)
        if (tokens[i].is_name("import")) return true;
    return false;
}

void apply_import(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end,
                  scope& names, std::vector<imported_name>* imported) {
    import_reader in(tokens, begin, end);
    if (in.accept_name("import"))
        apply_plain_import(in, names, imported);
    else if (in.accept_name("from"))
        apply_from_import(in, names, imported);
}

} // namespace evo::python_security
