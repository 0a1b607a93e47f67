// Which shell a script is for: the shebang first, then the declared language.
#include "shell_dialect.hpp"

#include <catch2/catch.hpp>

using evo::shell::dialect;
using evo::shell::dialect_of;
using evo::shell::shebang_shell;

TEST_CASE("the shebang names the shell by its base name", "[shell][dialect]") {
    CHECK(shebang_shell("#!/bin/sh\necho hi\n") == "sh");
    CHECK(shebang_shell("#! /bin/bash -e\n") == "bash");
    CHECK(shebang_shell("#!/usr/bin/env zsh\n") == "zsh");
    CHECK(shebang_shell("#!/usr/bin/env -S bash -eu\n") == "bash");
    CHECK(shebang_shell("#!/usr/bin/env -u HOME LC_ALL=C sh\n") == "sh");
    CHECK(shebang_shell("#!/usr/bin/env\n") == "");
    CHECK(shebang_shell("echo '#!/bin/zsh'\n") == "");
    CHECK(shebang_shell("") == "");
}

TEST_CASE("the shebang wins over the language, which decides without one", "[shell][dialect]") {
    CHECK(dialect_of("#!/bin/zsh\n", "shell").kind == dialect::zsh);
    CHECK(dialect_of("#!/bin/sh\n", "shell").kind == dialect::posix);
    CHECK(dialect_of("#!/usr/bin/env dash\n", "shell").kind == dialect::posix);
    CHECK(dialect_of("#!/bin/bash\n", "zsh").kind == dialect::bash);
    CHECK(dialect_of("#!/bin/mksh\n", "shell").kind == dialect::ksh);
    CHECK(dialect_of("#!/usr/bin/fish\n", "shell").kind == dialect::other);
    CHECK(dialect_of("#!/bin/tcsh\n", "shell").kind == dialect::other);
    CHECK(dialect_of("#!/usr/bin/python3\n", "shell").kind == dialect::other);
    CHECK(dialect_of("echo hi\n", "shell").kind == dialect::bash);
    CHECK(dialect_of("echo hi\n", "sh").kind == dialect::bash);
    CHECK(dialect_of("echo hi\n", "zsh").kind == dialect::zsh);
}
