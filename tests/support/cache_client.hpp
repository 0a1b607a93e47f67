// A cache plugin instance driven through the C ABI only, as the host drives it.
#pragma once

#include <evo/plugin.h>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace evo_test {

struct cache_client {
    const evo_cache_api& api;
    evo_instance* instance;

    evo_status put(std::string_view key, std::string_view value, uint32_t ttl = 0) const {
        return api.put(instance, {key.data(), key.size()}, {value.data(), value.size()}, ttl);
    }
    std::pair<evo_status, std::string> get(std::string_view key) const {
        std::string value;
        evo_status status = api.get(
            instance, {key.data(), key.size()},
            [](void* ctx, evo_str chunk) -> evo_status {
                static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
                return EVO_OK;
            },
            &value);
        return {status, value};
    }
    evo_status erase(std::string_view key) const {
        return api.erase(instance, {key.data(), key.size()});
    }
    evo_cache_stats stats() const {
        evo_cache_stats stats{};
        stats.struct_size = sizeof stats;
        REQUIRE(api.stats(instance, &stats) == EVO_OK);
        return stats;
    }
};

} // namespace evo_test
