// Pulling the code out of a model's answer.
#include <evo/host/code_extract.hpp>

#include <catch2/catch.hpp>

namespace {

// The languages as validators would declare them: the host knows no alias of its own.
const evo::host::language_map& declared() {
    static const evo::host::language_map map = [] {
        evo::host::language_map m;
        m.add({{"python", {"py", "python3"}, {".py"}, {"python"}},
               {"shell", {"sh", "bash"}, {".sh"}, {"sh", "bash"}},
               {"cpp", {"c++", "cxx"}, {".cpp"}, {}}});
        return m;
    }();
    return map;
}

std::string extract_code(std::string_view answer, std::string_view language) {
    return evo::host::extract_code(answer, language, declared());
}

} // namespace

TEST_CASE("the fenced block tagged with the language is chosen", "[code_extract]") {
    const char* answer =
        "Here it is:\n```shell\necho hi\n```\nand in Python:\n```python\nprint('hi')\n```\nDone.";
    CHECK(extract_code(answer, "python") == "print('hi')\n");
    CHECK(extract_code(answer, "shell") == "echo hi\n");
}

TEST_CASE("language aliases select the same block", "[code_extract]") {
    const char* answer = "```bash\nls\n```\n```py\nx = 1\n```\n";
    CHECK(extract_code(answer, "python") == "x = 1\n");
    CHECK(extract_code(answer, "python3") == "x = 1\n");
    CHECK(extract_code(answer, "sh") == "ls\n");
    CHECK(extract_code("```C++\nint main() {}\n```", "cpp") == "int main() {}\n");
}

TEST_CASE("the info string's first word is the language", "[code_extract]") {
    CHECK(extract_code("```text\nno\n```\n```python title=\"x.py\"\nyes\n```\n", "python") ==
          "yes\n");
}

TEST_CASE("without a block in the language the first block is taken", "[code_extract]") {
    CHECK(extract_code("```\nuntagged\n```\n```ruby\nputs 1\n```\n", "python") == "untagged\n");
    CHECK(extract_code("```ruby\nputs 1\n```\n", "python") == "puts 1\n");
}

TEST_CASE("an unclosed fence yields everything after it", "[code_extract]") {
    CHECK(extract_code("Sure:\n```python\ndef f():\n    return 1\n", "python") ==
          "def f():\n    return 1\n");
}

TEST_CASE("an answer without a fence is taken whole, trimmed", "[code_extract]") {
    CHECK(extract_code("\n\n  print(1)\n\n", "python") == "print(1)\n");
    CHECK(extract_code("   \n", "python").empty());
}

TEST_CASE("backticks inside a line do not open a block", "[code_extract]") {
    CHECK(extract_code("Use ```python``` fences:\n```python\nok = True\n```\n", "python") ==
          "ok = True\n");
}

TEST_CASE("without declarations only the language's own name selects a block", "[code_extract]") {
    const char* answer = "```py\nx = 1\n```\n```Python\ny = 2\n```\n";
    CHECK(evo::host::extract_code(answer, "python") == "y = 2\n");
}

TEST_CASE("an indented closing fence does not leak its indentation into the code", "[code_extract]") {
    CHECK(extract_code("   ```python\n   x = 1\n   ```\n", "python") == "   x = 1\n");
    CHECK(extract_code("```python\n```\n", "python").empty());
}

namespace {

evo::host::program_and_tests program_and_tests(std::string_view answer, std::string_view language) {
    return evo::host::extract_program_and_tests(answer, language, declared());
}

} // namespace

TEST_CASE("a command's answer: the program is the first block, its tests the second", "[code_extract]") {
    auto p = program_and_tests("The program:\n```python\nprint(1)\n```\nIts tests:\n```python\ndef test_x():\n"
                               "    assert True\n```\n",
                               "python");
    CHECK(p.code == "print(1)\n");
    REQUIRE(p.tests);
    CHECK(*p.tests == "def test_x():\n    assert True\n");
}

TEST_CASE("blocks in another language between them are skipped", "[code_extract]") {
    auto p = program_and_tests("```sh\necho hi\n```\nRun it:\n```console\n$ bash command.sh\nhi\n```\n"
                               "```\n[ \"$(bash command.sh)\" = hi ] || exit 1\n```\n",
                               "shell");
    CHECK(p.code == "echo hi\n");
    REQUIRE(p.tests);
    CHECK(*p.tests == "[ \"$(bash command.sh)\" = hi ] || exit 1\n");
}

TEST_CASE("when no block is tagged with the language, every block counts", "[code_extract]") {
    auto p = program_and_tests("```ruby\nputs 1\n```\n```ruby\nputs 2\n```\n", "python");
    CHECK(p.code == "puts 1\n");
    REQUIRE(p.tests);
    CHECK(*p.tests == "puts 2\n");
}

TEST_CASE("an answer with one block or none has no tests", "[code_extract]") {
    auto one = program_and_tests("```python\nprint(1)\n```\nNo tests, sorry.", "python");
    CHECK(one.code == "print(1)\n");
    CHECK_FALSE(one.tests);
    auto none = program_and_tests("  print(2)\n", "python");
    CHECK(none.code == "print(2)\n");
    CHECK_FALSE(none.tests);
}

TEST_CASE("a second block cut off by the end of the answer still counts as the tests", "[code_extract]") {
    auto p = program_and_tests("```python\nx = 1\n```\n```python\ndef test_x():\n", "python");
    CHECK(p.code == "x = 1\n");
    REQUIRE(p.tests);
    CHECK(*p.tests == "def test_x():\n");
}
