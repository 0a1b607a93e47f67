// libFuzzer target: pulling code (and an evolved command's program and tests) out of a
// model's answer, and naming languages. The first input byte picks the language asked for; any
// answer gives pieces of itself as the code, without crashing, hanging or tripping a sanitizer.
#include <evo/host/code_extract.hpp>
#include <evo/host/language_map.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Languages as validators declare them, so fence tags and aliases resolve as in evo.
const evo::host::language_map& declared() {
    static const evo::host::language_map map = [] {
        evo::host::language_map m;
        m.add({{"python", {"py"}, {".py"}, {"python"}},
               {"shell", {"sh", "bash"}, {".sh"}, {"sh", "bash"}}});
        return m;
    }();
    return map;
}

// A piece of the answer, save the newline a bare answer gets at its end.
void require_piece(std::string_view answer, std::string_view piece) {
    if (answer.find(piece) != std::string_view::npos) return;
    if (piece.empty() || piece.back() != '\n') std::abort();
    piece.remove_suffix(1);
    if (answer.find(piece) == std::string_view::npos) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static constexpr std::array<std::string_view, 6> languages = {"python", "shell", "cpp",
                                                                  "py",     "",      "rust"};
    std::string_view language = languages[data[0] % languages.size()];
    std::string_view answer(reinterpret_cast<const char*>(data + 1), size - 1);
    require_piece(answer, evo::host::extract_code(answer, language, declared()));
    const auto command = evo::host::extract_program_and_tests(answer, language, declared());
    require_piece(answer, command.code);
    if (command.tests) require_piece(answer, *command.tests);
    (void)declared().canonical(answer.substr(0, 16));
    (void)declared().of_shebang(answer.substr(0, answer.find('\n')));
    return 0;
}
