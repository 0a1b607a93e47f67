/* Built as strict C99 with -pedantic -Werror: proves <evo/plugin.h> is pure C, and records how
 * a C compiler lays it out. */
#include <evo/plugin.h>

#include "layout_facts.h"

#define EVO_ABI_FACT_LIST evo_abi_current_c
#include "layout_facts_table.inc"

/* What 1.1 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_c_v1_1
#define EVO_ABI_LAYOUT_RECORD "abi_v1_1_layout.def"
#include "layout_facts_table.inc"

/* What 1.2 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_c_v1_2
#define EVO_ABI_LAYOUT_RECORD "abi_v1_2_layout.def"
#include "layout_facts_table.inc"

/* What 1.3 appended. */
#define EVO_ABI_FACT_LIST evo_abi_current_c_v1_3
#define EVO_ABI_LAYOUT_RECORD "abi_v1_3_layout.def"
#include "layout_facts_table.inc"
