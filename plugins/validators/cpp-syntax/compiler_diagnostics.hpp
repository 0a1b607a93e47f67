// What a GCC or Clang `-fsyntax-only` run says, as findings.
#pragma once

#include <evo/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evo::cpp {

struct compiler_settings {
    std::string compiler = "c++";
    std::string standard = "c++20";
    std::vector<std::string> flags;
    bool warnings = false;
};

// compiler -fsyntax-only -std=STD -fdiagnostics-color=never (-Wall | -w) FLAGS... -x c++ -
std::vector<std::string> compiler_arguments(const compiler_settings& settings);

// One "FILE:LINE:COL: KIND: MESSAGE" line; line and column are 0 when absent.
struct diagnostic {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string kind; // "error", "fatal error" or "warning"
    std::string message;
};

std::vector<diagnostic> parse_diagnostics(std::string_view compiler_output);

// The verdict of a finished run. Errors in the source become CPP-SYNTAX at their position;
// errors elsewhere (a header, the driver) CPP-SYNTAX at line 0 naming where; warnings in the
// source CPP-WARNING (LOW) when `warnings`. A failed run without a readable error, or a
// compiler killed by a signal, is still CPP-SYNTAX: the layer fails closed.
std::vector<evo::finding> judge(int exit_code, int term_signal, std::string_view compiler_output,
                                bool warnings);

} // namespace evo::cpp
