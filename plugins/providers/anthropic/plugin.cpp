// anthropic: the provider for Anthropic's Messages API (see anthropic_provider.hpp).
#include "anthropic_provider.hpp"

EVO_PROVIDER_PLUGIN(anthropic::anthropic_provider)
