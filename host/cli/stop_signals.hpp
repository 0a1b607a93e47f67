// How evo stops: SIGINT and SIGTERM ask every running call to stop (the process-wide
// cancellation), a second request ends the process at once, and SIGPIPE never kills it.
#pragma once

namespace evo::cli {

// Installs the handlers; call once, first thing in main.
void install_stop_signals();

// 128 + the signal that asked evo to stop (130 for SIGINT, 143 for SIGTERM), 0 when none did
// or the command accepted the request.
int stop_exit_code() noexcept;

// For a command whose normal end is being asked to stop (evo worker): it ended as asked, so
// evo exits with the command's own code rather than as interrupted. A second request still
// ends the process at once.
void accept_stop_request() noexcept;

} // namespace evo::cli
