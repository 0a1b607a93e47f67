// The tasks evo validate and evo batch hand a scheduler that runs them in other processes,
// and running one in evo worker: one JSON format per kind (docs/distributed.md). Client and
// worker call the same functions as a local run, so a remote result equals a local one.
#pragma once

#include <evo/host/file_judgement.hpp>
#include <evo/host/pipeline.hpp>
#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace evo::cli {

// {"kind":"validate","path","language","content","use_cache","validators"}: `validators` is
// this process's host::validator_set_fingerprint for the language. Its result is
// host::judgement_text.
std::string validate_task(const host::runtime& rt, const std::string& path,
                          const std::string& language, std::string_view content, bool use_cache);

// {"kind":"gen","request":{"prompt","language","no_cache"}}: a line of evo batch without its
// id. Its result is the object `evo gen --json` prints (generation_json).
std::string gen_task(const host::generation_request& request);

// A request as an evo batch line or a gen task's "request" reads: prompt, language, no_cache
// and, when `id` is given, id. Throws std::invalid_argument saying what is wrong.
host::generation_request generation_request_from(const boost::json::object& o,
                                                 std::optional<boost::json::value>* id = nullptr);

// A request through the pipeline: the one function that runs evo batch's requests, here or in
// a worker. An exception is a provider_failed result.
host::generation_result generate_or_failure(host::runtime& rt, const evo_call* call,
                                            const host::generation_request& request);

// generate_or_failure's result as `evo gen --json` prints it.
boost::json::object run_generation(host::runtime& rt, const evo_call* call,
                                   const host::generation_request& request);

// A task's description run through this process's pipeline: its result text. A task it cannot
// read, of an unknown kind, or from a client whose validators differ gets a result that says
// so (for validate: an errored file), never an exception.
std::string run_described(host::runtime& rt, const evo_call* call, std::string_view task);

} // namespace evo::cli
