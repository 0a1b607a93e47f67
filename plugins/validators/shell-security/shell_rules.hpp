// The native shell-security rules. Each reads a parsed script and appends findings; rule ids
// are stable and listed in docs (SH-*).
#pragma once

#include "shell_ast.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evo::shell {

using findings = std::vector<evo::finding>;

evo::finding make_finding(std::string_view rule_id, evo_severity severity, evo_severity confidence,
                          position at, std::string message, std::string fix_hint);

void check_rm(const script& s, findings& out);            // SH-RM-ROOT, SH-RM-HOME, SH-RM-VAR
void check_download_exec(const script& s, findings& out); // SH-DOWNLOAD-EXEC
void check_eval(const script& s, findings& out);          // SH-EVAL
void check_chmod(const script& s, findings& out);         // SH-CHMOD-WORLD-WRITABLE
void check_writes(const script& s, findings& out); // SH-WRITE-SYSTEM, SH-WRITE-DEVICE, SH-DD-DEVICE
void check_format(const script& s, findings& out); // SH-MKFS-DEVICE
void check_fork_bomb(const script& s, findings& out); // SH-FORK-BOMB

// Every rule over the script and over the scripts it hands to a shell (`sh -c '...'`,
// `bash <<EOF`, `eval '...'`), sorted by position. SH-TOO-COMPLEX when nesting was too deep
// to read.
findings analyze(std::string_view text);
findings analyze(const script& parsed);

} // namespace evo::shell
