/* How a C compiler lays out the frozen v1.2 header: v1.0's record with 1.2's sizes, and what
 * 1.1 and 1.2 appended exactly as their records say. It must not see the SDK's header. */
#include "frozen/evo_plugin_v1_2.h"

#ifdef EVO_PLUGIN_H
#error "the frozen layout must be measured against the frozen header alone"
#endif

#include "layout_facts.h"

#define EVO_ABI_FACT_LIST evo_abi_frozen_v1_2
#include "layout_facts_table.inc"

#define EVO_ABI_FACT_LIST evo_abi_frozen_v1_2_appended_v1_1
#define EVO_ABI_LAYOUT_RECORD "abi_v1_1_layout.def"
#include "layout_facts_table.inc"

#define EVO_ABI_FACT_LIST evo_abi_frozen_v1_2_appended
#define EVO_ABI_LAYOUT_RECORD "abi_v1_2_layout.def"
#include "layout_facts_table.inc"
