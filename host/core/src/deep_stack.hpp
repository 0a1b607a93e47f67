// Runs a function on a thread with a large stack. libstdc++'s std::regex matches by recursion,
// one level per character, and valijson matches "pattern" with it: on the main thread's 8 MiB
// a 16 000-character string already overflows the stack for a pattern like ^(a|b|c)*$.
#pragma once

#include <functional>

namespace evo::host::detail {

// Calls `work` on a thread whose stack is `stack_bytes` (reserved address space; pages are
// only committed as they are touched) and waits for it; rethrows what `work` threw. Falls
// back to the calling thread when no such thread can be made.
void run_on_deep_stack(const std::function<void()>& work, std::size_t stack_bytes);

} // namespace evo::host::detail
