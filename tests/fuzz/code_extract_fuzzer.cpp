// libFuzzer target: pulling code out of a model's answer. The first input byte picks the
// language asked for; any answer gives some code (never more than the answer held) without
// crashing, hanging or tripping a sanitizer.
#include <evo/host/code_extract.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static constexpr std::array<std::string_view, 6> languages = {"python", "shell", "cpp",
                                                                  "py",     "",      "rust"};
    std::string_view language = languages[data[0] % languages.size()];
    std::string_view answer(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string code = evo::host::extract_code(answer, language);
    if (code.size() > answer.size() + 1) std::abort(); // +1: the newline a bare answer gets
    (void)evo::host::canonical_language(answer.substr(0, 16));
    return 0;
}
