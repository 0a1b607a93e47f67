// libFuzzer target: the python-security tokenizer reads code a model wrote. Any bytes yield a
// token stream that ends in `end`, whose tokens are views into the source (or into nothing),
// and every token can be located; nothing crashes, hangs or trips a sanitizer.
#include "tokenizer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool ok) {
    if (!ok) std::abort(); // libFuzzer reports the input that broke an invariant
}

bool inside(std::string_view outer, std::string_view inner) {
    return inner.data() >= outer.data() &&
           inner.data() + inner.size() <= outer.data() + outer.size();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace evo::python_security;
    std::string_view source(reinterpret_cast<const char*>(data), size);
    token_stream ts = tokenize(source);
    require(!ts.tokens.empty() && ts.tokens.back().kind == token_kind::end);
    for (const auto& t : ts.tokens) {
        if (t.text.empty()) continue;
        require(inside(source, t.text));
        position p = ts.locate(t.text);
        require(p.line >= 1 && p.column >= 1 && p.line <= ts.line_starts.size());
    }
    for (auto c : ts.comments) require(inside(source, c));
    return 0;
}
