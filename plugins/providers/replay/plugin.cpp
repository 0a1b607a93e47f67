// replay: the provider that answers from a recorded cassette (see replay_provider.hpp).
#include "replay_provider.hpp"

EVO_PROVIDER_PLUGIN(replay::replay_provider)
