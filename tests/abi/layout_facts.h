/* Layout facts measured by a compiler against one plugin header, so that headers (current and
 * frozen) and compilers (C and C++) can be compared with each other and with the release record
 * in abi_v1_0_layout.def and the records of each later minor (abi_v1_N_layout.def). Pure C: included by C99 and C++ translation units alike. */
#ifndef EVO_ABI_LAYOUT_FACTS_H
#define EVO_ABI_LAYOUT_FACTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct evo_abi_fact {
    const char* what;            /* e.g. "offsetof(evo_str, size)" */
    unsigned long long measured; /* by the compiler of the translation unit that defined it */
    unsigned long long recorded; /* in the release record */
    int may_grow;                /* a struct size: later minors append fields */
} evo_abi_fact;

typedef struct evo_abi_fact_list {
    const evo_abi_fact* facts;
    size_t count;
} evo_abi_fact_list;

/* <evo/plugin.h> as a C99 compiler sees it. */
extern const evo_abi_fact_list evo_abi_current_c;
/* <evo/plugin.h> as the C++ compiler sees it. */
extern const evo_abi_fact_list evo_abi_current_cpp;
/* The fields ABI 1.1 appended (abi_v1_1_layout.def), as C99 and C++ compilers see them. */
extern const evo_abi_fact_list evo_abi_current_c_v1_1;
extern const evo_abi_fact_list evo_abi_current_cpp_v1_1;
/* The fields ABI 1.2 appended (abi_v1_2_layout.def), as C99 and C++ compilers see them. */
extern const evo_abi_fact_list evo_abi_current_c_v1_2;
extern const evo_abi_fact_list evo_abi_current_cpp_v1_2;
/* The fields ABI 1.3 appended (abi_v1_3_layout.def), as C99 and C++ compilers see them. */
extern const evo_abi_fact_list evo_abi_current_c_v1_3;
extern const evo_abi_fact_list evo_abi_current_cpp_v1_3;
/* tests/abi/frozen/evo_plugin_v1_0.h as a C99 compiler sees it. */
extern const evo_abi_fact_list evo_abi_frozen_v1_0;
/* tests/abi/frozen/evo_plugin_v1_1.h as a C99 compiler sees it: v1.0's fields, then 1.1's. */
extern const evo_abi_fact_list evo_abi_frozen_v1_1;
extern const evo_abi_fact_list evo_abi_frozen_v1_1_appended;
/* tests/abi/frozen/evo_plugin_v1_2.h as a C99 compiler sees it: v1.0's fields, then 1.1's and
 * 1.2's. */
extern const evo_abi_fact_list evo_abi_frozen_v1_2;
extern const evo_abi_fact_list evo_abi_frozen_v1_2_appended_v1_1;
extern const evo_abi_fact_list evo_abi_frozen_v1_2_appended;

#ifdef __cplusplus
}
#endif

#endif
