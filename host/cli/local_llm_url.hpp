// The URL `evo init --local-llm URL` writes into a manifest as an OpenAI-compatible server's
// base_url: checked before anything is written, so a typo is one line now rather than a
// failed connection at the first `evo gen`.
#pragma once

#include <string>

namespace evo::cli {

// Throws config_error (one line naming the URL) unless `url` is an http:// or https:// URL
// with a host, an optional port in 1-65535 and no user name or password; its characters are
// those of RFC 3986 without '$' (a manifest expands ${VAR}), '"' and '\' (it goes into a TOML
// string as it is). The host must be this machine (localhost, 127.0.0.0/8, [::1]), as the
// host's network policy allows by default, unless EVO_ALLOW_REMOTE_HTTP=1 is set. A name other
// than localhost is not resolved (no DNS at init) and counts as remote.
void check_local_llm_url(const std::string& url);

} // namespace evo::cli
