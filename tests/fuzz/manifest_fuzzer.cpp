// libFuzzer target: any bytes given as a manifest either parse or raise config_error, never
// crash, hang or trip a sanitizer.
#include <evo/host/error.hpp>
#include <evo/host/manifest.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto m = evo::host::parse_manifest(text, "/fuzz/manifest.toml");
        for (const auto& inst : m.instances) (void)inst.location_of({"any", "0"});
    } catch (const evo::host::config_error&) {
    }
    return 0;
}
