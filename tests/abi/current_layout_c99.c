/* Built as strict C99 with -pedantic -Werror: proves <evo/plugin.h> is pure C, and records how
 * a C compiler lays it out. */
#include <evo/plugin.h>

#include "layout_facts.h"

#define EVO_ABI_FACT_LIST evo_abi_current_c
#include "layout_facts_table.inc"
