// The checks behind the rules, by family. Call checks run on calls the rule table routes to
// them (rule_table.cpp); the others run on every reference, string literal or assignment.
#pragma once

#include "check_support.hpp"
#include "walker.hpp"

namespace evo::python_security {

using call_check = void (*)(const call_site&, const module_view&, reporter&);

// execution_checks.cpp: code execution, shells and processes, dynamic lookups
void check_exec(const call_site&, const module_view&, reporter&);
void check_eval(const call_site&, const module_view&, reporter&);
void check_compile(const call_site&, const module_view&, reporter&);
void check_subprocess(const call_site&, const module_view&, reporter&);
void check_shell_command(const call_site&, const module_view&, reporter&);
void check_process_without_shell(const call_site&, const module_view&, reporter&);
void check_shell_keyword(const call_site&, const module_view&, reporter&); // every call
void check_dynamic_import(const call_site&, const module_view&, reporter&);
void check_dynamic_getattr(const call_site&, const module_view&, reporter&);
void check_ctypes_library(const call_site&, const module_view&, reporter&);
void check_find_library(const call_site&, const module_view&, reporter&);
void check_builtins_reference(const reference&, const module_view&, reporter&);
void check_paramiko_exec(const call_site&, const module_view&, reporter&);
// A wildcard in a shell command for chown, chmod, tar or rsync; called by the shell checks.
void check_wildcard_command(const call_site&, const module_view&, const argument* command,
                            reporter&);
void check_logging_listen(const call_site&, const module_view&, reporter&);
void check_bidirectional_text(const token_stream&, reporter&); // once per module

// deserialization_checks.cpp
void check_pickle(const call_site&, const module_view&, reporter&);
void check_marshal(const call_site&, const module_view&, reporter&);
void check_yaml_load(const call_site&, const module_view&, reporter&);
void check_yaml_unsafe_load(const call_site&, const module_view&, reporter&);
void check_torch_load(const call_site&, const module_view&, reporter&);

// crypto_checks.cpp: hashes and TLS
void check_weak_hash(const call_site&, const module_view&, reporter&);
void check_hashlib_new(const call_site&, const module_view&, reporter&);
void check_verify_keyword(const call_site&, const module_view&, reporter&); // every call
void check_unverified_context(const call_site&, const module_view&, reporter&);
void check_cert_none(const reference&, const module_view&, reporter&);
void check_hostname_assignment(const assignment&, const module_view&, reporter&);
void check_ssl_version_argument(const call_site&, const module_view&, reporter&); // every call
void check_wrap_socket(const call_site&, const module_view&, reporter&);
void check_ssl_default_parameters(token_range header, const module_view&, reporter&);
void check_key_size(const call_site&, const module_view&, reporter&);

// network_checks.cpp
void check_request_timeout(const call_site&, const module_view&, reporter&);
void check_bind_call(const call_site&, const module_view&, reporter&);
void check_socket_create(const call_site&, const module_view&, reporter&);
void check_socket_connect(const call_site&, const module_view&, reporter&);
void check_host_key_policy(const call_site&, const module_view&, reporter&);
void check_snmp_community(const call_site&, const module_view&, reporter&);
void check_snmp_user(const call_site&, const module_view&, reporter&);
void check_unpinned_download(const call_site&, const module_view&, reporter&);

// filesystem_checks.cpp
void check_mktemp(const call_site&, const module_view&, reporter&);
void check_tar_extract(const call_site&, const module_view&, reporter&);
void check_chmod(const call_site&, const module_view&, reporter&);
void check_destructive_delete(const call_site&, const module_view&, reporter&);
void check_secret_read(const call_site&, const module_view&, reporter&);
// A command line that names a secret file (`cat ~/.ssh/id_rsa`) reads it too.
void check_secret_in_command(const call_site&, const module_view&, reporter&);

// literal_checks.cpp: string literals
void check_temp_path(const string_site&, const module_view&, reporter&);
void check_bind_all_string(const string_site&, const module_view&, reporter&);
void check_sql_string(const string_site&, const module_view&, reporter&);

// password_checks.cpp
void check_password_literal(const string_site&, const module_view&, reporter&);
void check_password_assignment(const assignment&, const module_view&, reporter&);

// blacklist_checks.cpp: bandit's call blacklist (B3xx), where the call itself is the finding
void report_blacklisted_call(rule id, const call_site&, reporter&);
template <rule R> void check_blacklisted(const call_site& site, const module_view&, reporter& out) {
    report_blacklisted_call(R, site, out);
}
void check_url_open(const call_site&, const module_view&, reporter&);

// import_checks.cpp: bandit's import blacklist (B4xx), for import statements and for
// __import__ / importlib.import_module with a literal name
void check_import(std::span<const imported_name> statement, const module_view&, reporter&);
// True when it reported.
bool check_imported_module(std::string_view module, std::uint32_t anchor, reporter&);

// web_checks.cpp: web frameworks and templates
void check_django_extra(const call_site&, const module_view&, reporter&);
void check_django_rawsql(const call_site&, const module_view&, reporter&);
void check_flask_debug(const call_site&, const module_view&, reporter&);
void check_jinja2_environment(const call_site&, const module_view&, reporter&);
void check_mako_template(const call_site&, const module_view&, reporter&);
void check_mark_safe(const call_site&, const module_view&, reporter&);
void check_markup(const call_site&, const module_view&, reporter&);

} // namespace evo::python_security
