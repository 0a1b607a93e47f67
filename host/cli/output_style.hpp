// How evo's own output looks, decided once from the global options: colour (--color, NO_COLOR),
// quiet (-q), and the width lines must fit (COLUMNS, the terminal). Every command asks here
// rather than deciding for itself, so one flag changes them all.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evo::cli {

// --color auto|always|never. always wins over NO_COLOR (as in cargo and ruff: the explicit
// option is the later, more specific wish); never wins over everything.
enum class color_choice { auto_detect, always, never };
void set_color_choice(color_choice choice);
color_choice color_choice_named(std::string_view word); // "auto", "always", "never"

// Whether text written to `fd` is coloured: always/never as chosen; auto when `fd` is a
// terminal and NO_COLOR is unset or empty. (Declared in context.hpp too.)
bool color_enabled(int fd);

enum class style { error, warning, note, info, rule, location, dim };
// `text` wrapped in the style's SGR codes when `on`, as it is otherwise.
std::string paint(style s, std::string_view text, bool on);

// -q/--quiet: findings only; info lines, summaries and progress are left out.
void set_quiet(bool quiet);
bool quiet();

// The columns lines written to `fd` should fit: COLUMNS when set to a number, else the
// terminal's width when `fd` is one, else 0 (no limit: a pipe gets whole lines).
std::size_t output_width(int fd);

} // namespace evo::cli
