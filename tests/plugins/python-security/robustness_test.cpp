// The analysis never crashes and reports positions inside the file, on the machine's whole
// standard library, on truncated copies of it and on pathological input.
#include "analysis.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace python_security_test;

namespace {

const std::filesystem::path standard_library = "/usr/lib/python3.11";

std::vector<std::filesystem::path> python_files() {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(standard_library, error), end; it != end;
         it.increment(error)) {
        if (error) break;
        if (it->is_regular_file() && it->path().extension() == ".py") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Lines as Python counts them: \n, \r\n and a lone \r each end one.
std::uint32_t line_count(std::string_view text) {
    std::uint32_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            ++lines;
    }
    return lines;
}

// Every finding lies inside the text; returns how many there were.
std::size_t check_positions(std::string_view text) {
    auto findings = pysec::analyze(text);
    std::uint32_t lines = line_count(text);
    for (const auto& f : findings) {
        INFO(f.rule->code << " at " << f.line << ":" << f.column << " of " << lines << " lines");
        CHECK(f.line >= 1);
        CHECK(f.line <= lines);
        CHECK(f.column >= 1);
        CHECK(f.column <= text.size() + 1);
        CHECK_FALSE(f.message.empty());
    }
    return findings.size();
}

} // namespace

TEST_CASE("every file of the standard library analyses cleanly", "[robustness]") {
    auto files = python_files();
    REQUIRE_FALSE(files.empty());
    std::size_t findings = 0;
    for (const auto& file : files) {
        INFO(file);
        findings += check_positions(read_file(file));
    }
    CHECK(files.size() > 100);
    CHECK(findings > 0);
}

TEST_CASE("truncated standard library files analyse cleanly", "[robustness]") {
    auto files = python_files();
    REQUIRE_FALSE(files.empty());
    for (std::size_t i = 0; i < files.size(); i += 7) {
        std::string text = read_file(files[i]);
        for (std::size_t part = 1; part < 4; ++part) {
            INFO(files[i] << " cut at " << part << "/4");
            check_positions(std::string_view(text).substr(0, text.size() * part / 4));
        }
    }
}

TEST_CASE("pathological input analyses cleanly", "[robustness]") {
    constexpr std::size_t deep = 100000;
    std::string nested_calls;
    for (std::size_t i = 0; i < deep; ++i)
        nested_calls += "getattr(";
    nested_calls += "os";
    for (std::size_t i = 0; i < deep; ++i)
        nested_calls += ", 'x')";
    std::string long_chain = "os";
    for (std::size_t i = 0; i < deep; ++i)
        long_chain += ".a";
    std::string mismatched = std::string(deep, '(') + std::string(deep, ']') + "\neval(x)\n";
    std::string assembled_sql = "q = '";
    for (std::size_t i = 0; i < deep; ++i)
        assembled_sql += "update ";
    assembled_sql += "' % x\n";
    std::string random_bytes;
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < 200000; ++i) {
        state = state * 1103515245u + 12345u;
        random_bytes += static_cast<char>(state >> 24);
    }

    for (const std::string& text :
         {nested_calls, long_chain, mismatched, assembled_sql, random_bytes,
          std::string(deep, '(') + "\n", "f'" + std::string(deep, '{') + "'\n",
          "s = '''" + std::string(1 << 20, 'x') + "\n", std::string("eval(x)\0\0exec(y)\n", 17),
          "x = 'a" + std::string(10 << 20, 'b') + "'\n", std::string(deep, '\\'),
          "def f(" + std::string(deep, '*') + "):\n",
          std::string("\xef\xbb\xbf\xff\xfe eval(x)\n")}) {
        INFO("input of " << text.size() << " bytes starting " << text.substr(0, 20));
        check_positions(text);
    }
}

TEST_CASE("findings on a mismatched line are still found after it", "[robustness]") {
    CHECK(lines_of("x = (]\neval(y)\n", "PY-EVAL") == lines{2});
}
