/* How a C compiler lays out the frozen v1.0 header. It must not see the SDK's header. */
#include "frozen/evo_plugin_v1_0.h"

#ifdef EVO_PLUGIN_H
#error "the frozen layout must be measured against the frozen header alone"
#endif

#include "layout_facts.h"

#define EVO_ABI_FACT_LIST evo_abi_frozen_v1_0
#include "layout_facts_table.inc"
