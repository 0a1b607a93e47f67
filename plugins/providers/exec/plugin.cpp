// exec: the provider that runs a command-line LLM client (see exec_provider.hpp).
#include "exec_provider.hpp"

EVO_PROVIDER_PLUGIN(exec_plugin::exec_provider)
