// The secrets of a plugin instance's configuration, and their removal from any text the host
// writes (errors, plugin log lines, the attempt log): an API key must never leave the process
// through evo's own output.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace evo::host {

// Values shorter than 8 characters are never secrets here: replacing them would garble
// ordinary text. Both add to `into` without duplicates and keep it sorted longest first.

// The value of every environment variable whose name says it is secret (KEY, TOKEN, SECRET,
// PASSWORD): whatever a ${VAR} expansion took from one, or a plugin reads from one itself.
void collect_environment_secrets(std::vector<std::string>& into);

// Every string of `config` under a key whose name says it is secret (api_key, apikey, token,
// secret, password; any case).
void collect_secrets(const boost::json::value& config, std::vector<std::string>& into);

// `text` with every occurrence of every secret replaced by "[redacted]".
std::string redact_secrets(std::string text, const std::vector<std::string>& secrets);

} // namespace evo::host
