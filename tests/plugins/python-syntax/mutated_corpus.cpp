#include "mutated_corpus.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>

namespace evo::test {
namespace {

namespace fs = std::filesystem;

// Every non-empty module, in a stable order, skipping test directories.
std::vector<fs::path> modules_of(const fs::path& stdlib) {
    static const std::set<std::string> test_directories{"test", "tests", "idle_test"};
    std::vector<fs::path> modules;
    for (auto it = fs::recursive_directory_iterator(stdlib); it != fs::end(it); ++it) {
        if (it->is_directory() && test_directories.count(it->path().filename().string()))
            it.disable_recursion_pending();
        else if (it->is_regular_file() && it->path().extension() == ".py" && it->file_size() > 0)
            modules.push_back(it->path());
    }
    std::sort(modules.begin(), modules.end());
    return modules;
}

std::string contents_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::size_t> line_starts(const std::string& text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && i + 1 < text.size()) starts.push_back(i + 1);
    return starts;
}

// Draws a mutation point; mt19937_64's output, unlike the standard distributions', is the same
// on every implementation, so the corpus is too.
class mutator {
  public:
    explicit mutator(uint64_t seed) : random_(seed) {}

    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(random_() % bound); }

    std::pair<std::string, std::string> delete_character(std::string text) {
        const std::size_t at = below(text.size());
        text.erase(at, 1);
        return {text, "byte " + std::to_string(at) + " deleted"};
    }

    std::pair<std::string, std::string> delete_line(std::string text) {
        const auto starts = line_starts(text);
        const std::size_t line = below(starts.size());
        const std::size_t end = line + 1 < starts.size() ? starts[line + 1] : text.size();
        text.erase(starts[line], end - starts[line]);
        return {text, "line " + std::to_string(line + 1) + " deleted"};
    }

    std::pair<std::string, std::string> indent_line(std::string text) {
        const auto starts = line_starts(text);
        const std::size_t line = below(starts.size());
        text.insert(starts[line], 1, ' ');
        return {text, "line " + std::to_string(line + 1) + " indented by one space"};
    }

    std::pair<std::string, std::string> cut_off(std::string text) {
        const std::size_t at = below(text.size());
        text.resize(at);
        return {text, "cut off after byte " + std::to_string(at)};
    }

  private:
    std::mt19937_64 random_;
};

} // namespace

std::vector<corpus_file> write_mutated_corpus(const fs::path& stdlib, const fs::path& directory,
                                              std::size_t modules) {
    const std::vector<fs::path> all = modules_of(stdlib);
    const std::size_t stride = std::max<std::size_t>(1, all.size() / modules);
    std::vector<corpus_file> corpus;
    for (std::size_t pick = 0; pick < modules && pick * stride < all.size(); ++pick) {
        const fs::path& module = all[pick * stride];
        const std::string original = contents_of(module);
        mutator mutate(pick);
        const std::pair<std::string, std::string> variants[] = {{original, "no change"},
                                                                mutate.delete_character(original),
                                                                mutate.delete_line(original),
                                                                mutate.indent_line(original),
                                                                mutate.cut_off(original)};
        for (std::size_t v = 0; v < std::size(variants); ++v) {
            const fs::path file =
                directory / (std::to_string(pick) + "-" + std::to_string(v) + ".py");
            std::ofstream(file, std::ios::binary) << variants[v].first;
            corpus.push_back(
                {file, variants[v].first,
                 fs::relative(module, stdlib).string() + " with " + variants[v].second});
        }
    }
    return corpus;
}

} // namespace evo::test
