// openai: the provider for OpenAI-compatible chat servers (see openai_provider.hpp).
#include "openai_provider.hpp"

EVO_PROVIDER_PLUGIN(openai::openai_provider)
