// libFuzzer target: the whole python-security analysis (tokenizer, scopes, imports, every
// rule, suppressions) over code a model wrote. Any bytes give findings or none, each at a
// real position; nothing crashes, hangs or trips a sanitizer.
#include "analyzer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace evo::python_security;
    std::string_view source(reinterpret_cast<const char*>(data), size);
    // The last byte picks whether suppressions count, so both paths are explored.
    options settings;
    settings.ignore_suppressions = size > 0 && (data[size - 1] & 1);
    // An upper bound on the lines, whichever of LF, CRLF or CR ends them.
    const auto lines = static_cast<std::size_t>(std::count_if(
                           source.begin(), source.end(), [](char c) { return c == '\n' || c == '\r'; })) +
                       1;
    for (const auto& f : analyze(source, settings)) {
        if (f.rule == nullptr || f.line < 1 || f.line > lines || f.column < 1) std::abort();
    }
    return 0;
}
