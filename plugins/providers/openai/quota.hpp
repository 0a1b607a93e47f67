// Whether a refusal means the account's quota or billing is used up. No wait fixes that, so
// the provider gives up at once and the pipeline moves on to its next provider, instead of
// spending the call's time on retries that fail the same way.
#pragma once

#include <string_view>

namespace openai {

// True for a 429 or 403 whose body says the quota or billing is exhausted: OpenAI's
// "insufficient_quota" (as error.code or error.type), or words to that effect. A 429 about a
// per-minute rate limit is not: waiting does fix that.
bool quota_exhausted(int http_status, std::string_view body);

} // namespace openai
