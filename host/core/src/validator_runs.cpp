#include <evo/host/validator_runs.hpp>

#include <exception>
#include <thread>

namespace evo::host {
namespace {

bool failed(const validator_run& r) {
    return r.verdict.outcome == validator_verdict::result::failed;
}

} // namespace

std::vector<validator_run> run_validators(runtime& rt, const evo_call* call, std::string_view text,
                                          std::string_view language, std::string_view path,
                                          std::string_view tests, after_failure then) {
    const auto& ids = rt.config().pipeline.validators;
    std::vector<validator_run> runs(ids.size());
    std::vector<std::exception_ptr> thrown(ids.size());
    auto judge = [&](std::size_t i) {
        try {
            runs[i].id = ids[i];
            runs[i].verdict =
                rt.validate(ids[i], call, text, language, path, runs[i].findings, tests);
        } catch (...) {
            thrown[i] = std::current_exception();
        }
    };

    if (rt.config().pipeline.parallel_validators && ids.size() > 1) {
        // One thread per validator but the first, which this thread runs: validators are few.
        // The call (its deadline, its cancellation) is shared, so every one of them sees both;
        // an instance that is not thread-safe is serialised by plugin_instance::call.
        std::vector<std::thread> others;
        others.reserve(ids.size() - 1);
        for (std::size_t i = 1; i < ids.size(); ++i)
            others.emplace_back(judge, i);
        judge(0);
        for (auto& t : others)
            t.join();
    } else {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            judge(i);
            if (thrown[i] || (then == after_failure::stop && failed(runs[i]))) break;
        }
    }

    // What a sequential run would have ended with: up to the first exception or (with stop)
    // the first failure, in manifest order.
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (thrown[i]) std::rethrow_exception(thrown[i]);
        if (then == after_failure::stop && failed(runs[i])) {
            runs.resize(i + 1);
            break;
        }
    }
    return runs;
}

} // namespace evo::host
