#include "provider_fixture.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <fstream>
#include <unistd.h>

namespace openai_test {
namespace fs = std::filesystem;

std::string outcome::text() const {
    std::string all;
    for (const auto& chunk : chunks)
        all += chunk;
    return all;
}

provider_fixture::provider_fixture() {
    static std::atomic<int> counter{0};
    scratch_ = fs::temp_directory_path() /
               ("evo-openai-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(scratch_);
}

provider_fixture::~provider_fixture() {
    runtime_.reset();
    std::error_code ignored;
    fs::remove_all(scratch_, ignored);
}

void provider_fixture::load(const std::map<std::string, std::string>& config) {
    std::map<std::string, std::string> table{
        {"plugin", "\"openai\""},   {"base_url", "\"" + server.base_url() + "\""},
        {"api_key", "\"sk-test\""}, {"retry_base_ms", "10"},
        {"retry_max_ms", "100"},    {"stall_timeout_ms", "10000"},
        {"timeout_ms", "60000"}};
    for (const auto& [key, value] : config)
        table[key] = value;
    fs::path manifest = scratch_ / "evo.toml";
    {
        std::ofstream out(manifest);
        out << "plugin_path = [\"" << EVO_TEST_PLUGIN_DIR << "\"]\n\n[plugins.llm]\n";
        for (const auto& [key, value] : table)
            out << key << " = " << value << "\n";
    }
    runtime_ = std::make_unique<evo::host::runtime>(evo::host::load_manifest(manifest),
                                                    evo::host::locate_installation());
}

outcome provider_fixture::complete(const std::string& prompt, const evo_call* call,
                                   const std::function<bool(std::string_view)>& on_text) {
    boost::json::object request{{"model", "test-model"},
                                {"messages", boost::json::array{boost::json::object{
                                                 {"role", "user"}, {"content", prompt}}}},
                                {"temperature", 0},
                                {"max_tokens", 256},
                                {"language", "python"}};
    evo::host::call_scope unlimited;
    outcome out;
    out.result = runtime_->complete("llm", call ? call : unlimited.raw(),
                                    boost::json::serialize(request), [&](std::string_view chunk) {
                                        out.chunks.emplace_back(chunk);
                                        return on_text ? on_text(chunk) : true;
                                    });
    return out;
}

} // namespace openai_test
