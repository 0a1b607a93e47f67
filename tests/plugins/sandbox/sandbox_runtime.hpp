// The sandbox validator in a real runtime: loaded from the build tree, configured from a
// manifest, called through runtime::validate with the host's own services.
#pragma once

#include "scratch_dir.hpp"

#include <evo/host/runtime.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace evo_sandbox_test {

struct outcome {
    evo::host::validator_verdict verdict;
    std::vector<evo::host::finding_record> findings;

    // The only finding; fails the test when there is not exactly one.
    const evo::host::finding_record& only() const;
};

class sandbox_runtime {
  public:
    // `config`: extra lines of [plugins.tests] (e.g. "timeout_seconds = 2").
    explicit sandbox_runtime(const std::string& config = "");

    outcome validate(std::string_view language, std::string_view code, std::string_view tests);
    evo::host::runtime& get() { return *runtime_; }

  private:
    evo::test::scratch_dir dir_;
    std::unique_ptr<evo::host::runtime> runtime_;
};

} // namespace evo_sandbox_test
