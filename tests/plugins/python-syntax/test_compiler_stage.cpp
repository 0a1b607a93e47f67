// Sources the parser accepts but CPython's compiler rejects: the plugin rejects them too.
#include "plugin_instance.hpp"

#include <catch2/catch.hpp>

using namespace evo::test;

namespace {

struct compiler_stage_case {
    const char* source;
    uint32_t line;
    uint32_t column;
    const char* message;
};

// Lines, columns and messages as python3.11 reports them.
const compiler_stage_case cases[] = {
    {"import os\n\nreturn os\n", 3, 1, "SyntaxError: 'return' outside function"},
    {"import os\nnonlocal x\n", 2, 1,
     "SyntaxError: nonlocal declaration not allowed at module level"},
    {"def ok(a, b):\n    pass\n\ndef f(a, b, a):\n    pass\n", 4, 13,
     "SyntaxError: duplicate argument 'a' in function definition"},
    {"lambda a, a: 1\n", 1, 11, "SyntaxError: duplicate argument 'a' in function definition"},
    {"import asyncio\nawait asyncio.sleep(1)\n", 2, 1, "SyntaxError: 'await' outside function"},
    {"def f():\n    await g()\n", 2, 5, "SyntaxError: 'await' outside async function"},
    {"for x in y:\n    pass\nbreak\n", 3, 1, "SyntaxError: 'break' outside loop"},
    {"class C:\n    def m(self):\n        continue\n", 3, 9,
     "SyntaxError: 'continue' not properly in loop"},
    {"def f():\n    yield 1\nyield 3\n", 3, 1, "SyntaxError: 'yield' outside function"},
    {"def f():\n    x = 1\n    global x\n", 3, 5,
     "SyntaxError: name 'x' is assigned to before global declaration"},
    {"def f():\n    nonlocal q\n", 2, 5, "SyntaxError: no binding for nonlocal 'q' found"},
    {"async def f():\n    yield from g()\n", 2, 5,
     "SyntaxError: 'yield from' inside async function"},
    {"x = 1\nfrom __future__ import annotations\n", 2, 1,
     "SyntaxError: from __future__ imports must occur at the beginning of the file"},
};

} // namespace

TEST_CASE("python-syntax: compiler-stage errors are rejected at CPython's line and column",
          "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    for (const auto& c : cases) {
        INFO(c.source);
        const validation result = plugin.validate(c.source, "stage.py");
        REQUIRE(result.status == EVO_OK);
        REQUIRE(result.findings.size() == 1);
        CHECK(result.findings[0].rule_id == "PY-SYNTAX");
        CHECK(result.findings[0].line == c.line);
        CHECK(result.findings[0].column == c.column);
        CHECK(result.findings[0].message == c.message);
    }
}

TEST_CASE("python-syntax: the same constructs in their proper places compile", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const char* fine = "from __future__ import annotations\n"
                       "import asyncio\n"
                       "def outer(a, b):\n"
                       "    x = 1\n"
                       "    def inner():\n"
                       "        nonlocal x\n"
                       "        return x\n"
                       "    for item in b:\n"
                       "        if item:\n"
                       "            continue\n"
                       "        break\n"
                       "    yield inner\n"
                       "async def waits():\n"
                       "    await asyncio.sleep(0)\n";
    for (const char* source : {fine, ""}) {
        INFO(source);
        const validation result = plugin.validate(source, "fine.py");
        REQUIRE(result.status == EVO_OK);
        CHECK(result.findings.empty());
    }
}
