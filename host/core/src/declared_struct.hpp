// Structs that cross the ABI start with struct_size: what their writer declared, which may be
// less than ours (an older header) or more (a newer one). Reading and writing the other side's
// structs goes through these two functions only, so no byte beyond the declared size is ever
// touched.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace evo::host {

// A zero-filled copy of `from` (a struct the other side wrote): fields it did not declare read
// as zero or NULL. NULL `from` gives all zeros.
template <class S> S read_declared(const void* from) noexcept {
    S copy{};
    if (!from) return copy;
    const uint32_t declared = *static_cast<const uint32_t*>(from);
    std::memcpy(static_cast<void*>(&copy), from, std::min<std::size_t>(declared, sizeof copy));
    return copy;
}

// Writes `value` into `into` (a struct the other side owns) no further than its declared
// struct_size, which is left as it was. NULL `into` is ignored.
template <class S> void write_declared(S* into, S value) noexcept {
    if (!into) return;
    value.struct_size = into->struct_size;
    std::memcpy(static_cast<void*>(into), &value,
                std::min<std::size_t>(into->struct_size, sizeof value));
}

} // namespace evo::host
