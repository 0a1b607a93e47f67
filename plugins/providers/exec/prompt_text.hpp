// What the command reads: evo's normalized request turned into stdin and a system prompt.
#pragma once

#include <string>
#include <string_view>

namespace exec_plugin {

struct prompt {
    std::string model;  // the request's model (may be empty)
    std::string system; // the system messages, joined by a blank line (may be empty)
    std::string input;  // for stdin
};

// A single user message is the input verbatim. A conversation (a repair round: user,
// assistant, user...) becomes a transcript, each message under its role's heading: "### User",
// "### Assistant" (a line of its own, then the text, then a blank line). When
// `system_on_stdin`, the system prompt opens the input, followed by a blank line (under
// "### System" in a transcript). Throws evo::error(EVO_ERR_INVALID_ARGUMENT) for a request
// without messages.
prompt prompt_of(std::string_view normalized_request, bool system_on_stdin);

} // namespace exec_plugin
