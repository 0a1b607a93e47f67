// ollama: the provider for Ollama's native chat API (see ollama_provider.hpp).
#include "ollama_provider.hpp"

EVO_PROVIDER_PLUGIN(ollama::ollama_provider)
