// How the C++ compiler lays out <evo/plugin.h>: it must agree with C on every byte.
#include <evo/plugin.h>

#include "layout_facts.h"

#include <cstddef>

#define EVO_ABI_FACT_LIST evo_abi_current_cpp
#include "layout_facts_table.inc"

/* What 1.1 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_cpp_v1_1
#define EVO_ABI_LAYOUT_RECORD "abi_v1_1_layout.def"
#include "layout_facts_table.inc"

/* What 1.2 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_cpp_v1_2
#define EVO_ABI_LAYOUT_RECORD "abi_v1_2_layout.def"
#include "layout_facts_table.inc"

/* What 1.3 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_cpp_v1_3
#define EVO_ABI_LAYOUT_RECORD "abi_v1_3_layout.def"
#include "layout_facts_table.inc"
