// Compile-time guard: the current <evo/plugin.h> keeps every size, offset and constant of
// ABI v1.0 as released, and the fields each later minor appended where it put them, so an accidental ABI
// break fails the build, not a user's plugin.
#include <evo/plugin.h>

#include <cstddef>
#include <string_view>

#if defined(__x86_64__) && defined(__LP64__)

// At minor 0 the structs are exactly v1.0; later minors may only append fields.
#define EVO_ABI_SIZE(type, bytes)                                                                  \
    static_assert(EVO_ABI_VERSION_MINOR > 0 ? sizeof(type) >= (bytes) : sizeof(type) == (bytes),   \
                  "sizeof(" #type ") differs from ABI v1.0");
#define EVO_ABI_FIELD(type, field, offset, bytes)                                                  \
    static_assert(offsetof(type, field) == (offset), #type "." #field " moved: an ABI break");     \
    static_assert(sizeof(type::field) == (bytes), #type "." #field " changed size: an ABI break");
#define EVO_ABI_VALUE(name, value) static_assert((name) == (value), #name " changed: an ABI break");
#include "abi_v1_0_layout.def"

// The same for what 1.1 appended: exact sizes at minor 1, room to grow after.
#undef EVO_ABI_SIZE
#define EVO_ABI_SIZE(type, bytes)                                                                  \
    static_assert(EVO_ABI_VERSION_MINOR > 1 ? sizeof(type) >= (bytes) : sizeof(type) == (bytes),   \
                  "sizeof(" #type ") differs from ABI v1.1");
#include "abi_v1_1_layout.def"

// And for what 1.2 appended.
#undef EVO_ABI_SIZE
#define EVO_ABI_SIZE(type, bytes)                                                                  \
    static_assert(EVO_ABI_VERSION_MINOR > 2 ? sizeof(type) >= (bytes) : sizeof(type) == (bytes),   \
                  "sizeof(" #type ") differs from ABI v1.2");
#include "abi_v1_2_layout.def"

// And for what 1.3 appended.
#undef EVO_ABI_SIZE
#define EVO_ABI_SIZE(type, bytes)                                                                  \
    static_assert(EVO_ABI_VERSION_MINOR > 3 ? sizeof(type) >= (bytes) : sizeof(type) == (bytes),   \
                  "sizeof(" #type ") differs from ABI v1.3");
#include "abi_v1_3_layout.def"

// And for what 1.4 appended.
#undef EVO_ABI_SIZE
#define EVO_ABI_SIZE(type, bytes)                                                                  \
    static_assert(EVO_ABI_VERSION_MINOR > 4 ? sizeof(type) >= (bytes) : sizeof(type) == (bytes),   \
                  "sizeof(" #type ") differs from ABI v1.4");
#include "abi_v1_4_layout.def"

#endif

static_assert(EVO_ABI_VERSION_MINOR >= 4, "this header appends the fields of ABI 1.1, 1.2, 1.3 and 1.4");

static_assert(EVO_ABI_VERSION_MAJOR == 1, "a new ABI major needs its own frozen header and record");
static_assert(std::string_view(EVO_PLUGIN_ENTRY_SYMBOL) == "evo_plugin_entry",
              "the entry symbol is part of the ABI");
