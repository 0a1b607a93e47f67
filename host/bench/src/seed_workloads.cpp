// Sizes, clean-up rules and checksums match share/bench/seed/*.py exactly: change both or
// neither. Checksums are computed inside the timed region on both sides, so every result
// is consumed and the compiler cannot drop the work. CRC-32 comes from zlib on both sides
// (Python's zlib.crc32), so neither pays for a slower implementation than the other.
#include "seed_workloads.hpp"

#include <boost/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace evo::bench {
namespace {

std::string hex32(unsigned long value) {
    std::array<char, 9> text{};
    std::snprintf(text.data(), text.size(), "%08lx", value);
    return text.data();
}

unsigned long crc32_update(unsigned long crc, const std::string& bytes) {
    return crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()),
                 static_cast<uInt>(bytes.size()));
}

std::string hex64(std::uint64_t value) {
    std::array<char, 17> text{};
    std::snprintf(text.data(), text.size(), "%016llx", static_cast<unsigned long long>(value));
    return text.data();
}

std::string string_building() {
    constexpr int iterations = 100'000;
    constexpr std::size_t kept_tail = 1000;
    std::string result;
    for (int i = 0; i < iterations; ++i) {
        result += "test_string_" + std::to_string(i) + "_with_formatting";
        if (i % 1000 == 0 && result.size() > kept_tail) result.erase(0, result.size() - kept_tail);
    }
    return std::to_string(result.size()) + ":" + hex32(crc32_update(0, result));
}

std::string math_loop() {
    constexpr int iterations = 1'000'000;
    double total = 0.0;
    for (int i = 0; i < iterations; ++i) {
        const double x = i;
        total += std::sqrt(x) * std::sin(x) + std::cos(x);
    }
    // The exact bits: both sides call the same libm, in the same order.
    return hex64(std::bit_cast<std::uint64_t>(total));
}

std::string allocation() {
    constexpr int iterations = 10'000;
    constexpr std::size_t limit = 100;
    constexpr std::size_t kept = 50;
    std::vector<std::vector<int>> arrays;
    int cleanups = 0;
    for (int i = 0; i < iterations; ++i) {
        std::vector<int> array(100);
        std::iota(array.begin(), array.end(), 0);
        arrays.push_back(std::move(array));
        if (arrays.size() > limit) {
            arrays.erase(arrays.begin(), arrays.end() - kept);
            ++cleanups;
        }
    }
    long long sum = 0;
    for (const auto& array : arrays)
        sum = std::accumulate(array.begin(), array.end(), sum);
    return std::to_string(arrays.size()) + ":" + std::to_string(cleanups) + ":" +
           std::to_string(sum);
}

// A private directory under $TMPDIR (or /tmp), removed with everything in it.
class temporary_directory {
  public:
    temporary_directory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "evo-bench-XXXXXX");
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary directory in " +
                                     std::filesystem::temp_directory_path().string());
        path_ = pattern;
    }
    ~temporary_directory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temporary_directory(const temporary_directory&) = delete;
    temporary_directory& operator=(const temporary_directory&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::filesystem::path numbered_file(const std::filesystem::path& directory, int number) {
    std::array<char, 32> name{}; // room for any int, so no truncation is possible
    std::snprintf(name.data(), name.size(), "file_%03d.bin", number);
    return directory / name.data();
}

// 100 files of 64 KiB, written then read back through the page cache: no fsync, so this
// measures the system-call and buffering path of each language, not the disk.
std::string write_and_read_files(const std::filesystem::path& directory) {
    constexpr int file_count = 100;
    constexpr std::size_t file_size = 64 * 1024;
    std::string block(file_size, '\0');
    for (std::size_t n = 0; n < file_size; ++n)
        block[n] = static_cast<char>(n % 256);
    for (int k = 0; k < file_count; ++k) {
        for (int byte = 0; byte < 4; ++byte) // k, little-endian, makes each file distinct
            block[byte] = static_cast<char>((k >> (8 * byte)) & 0xff);
        std::ofstream file(numbered_file(directory, k), std::ios::binary);
        file.write(block.data(), static_cast<std::streamsize>(block.size()));
        if (!file.flush())
            throw std::runtime_error("cannot write " + numbered_file(directory, k).string());
    }
    unsigned long crc = 0;
    std::size_t total = 0;
    for (int k = 0; k < file_count; ++k) {
        std::ifstream file(numbered_file(directory, k), std::ios::binary | std::ios::ate);
        std::string data(static_cast<std::size_t>(file.tellg()), '\0');
        file.seekg(0);
        if (!file.read(data.data(), static_cast<std::streamsize>(data.size())))
            throw std::runtime_error("cannot read " + numbered_file(directory, k).string());
        total += data.size();
        crc = crc32_update(crc, data);
    }
    return std::to_string(total) + ":" + hex32(crc);
}

std::string file_io() {
    temporary_directory directory;
    return write_and_read_files(directory.path());
}

std::string json_round_trip() {
    constexpr int iterations = 1000;
    const boost::json::value config = {{"config",
                                        {{"llm", {{"model", "gpt-4"}, {"temperature", 0.7}}},
                                         {"validation", {{"enabled", true}, {"strict", true}}},
                                         {"plugins", {"plugin1", "plugin2", "plugin3"}}}}};
    std::size_t plugins_seen = 0;
    boost::json::value parsed;
    for (int i = 0; i < iterations; ++i) {
        const std::string text = boost::json::serialize(config);
        parsed = boost::json::parse(text);
        plugins_seen += parsed.at("config").at("plugins").as_array().size();
    }
    return std::to_string(plugins_seen) + ":" + (parsed == config ? "equal" : "different");
}

constexpr std::array workloads{
    seed_workload{"string_building", "string building (100k appends)", string_building},
    seed_workload{"math_loop", "sqrt(i)*sin(i)+cos(i) (1M values)", math_loop},
    seed_workload{"allocation", "allocation (10k arrays of 100 ints)", allocation},
    seed_workload{"file_io", "file write+read (100 x 64 KiB)", file_io},
    seed_workload{"json_round_trip", "JSON serialize+parse (1,000x)", json_round_trip},
};

} // namespace

std::span<const seed_workload> seed_workloads() {
    return workloads;
}

const seed_workload* find_seed_workload(std::string_view name) {
    const auto found = std::find_if(workloads.begin(), workloads.end(),
                                    [&](const seed_workload& w) { return w.name == name; });
    return found == workloads.end() ? nullptr : &*found;
}

} // namespace evo::bench
