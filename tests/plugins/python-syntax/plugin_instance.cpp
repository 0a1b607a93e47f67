#include "plugin_instance.hpp"

#include <stdexcept>

namespace evo::test {
namespace {

int32_t is_cancelled(const evo_call* call) {
    const auto* flag = static_cast<const std::atomic<bool>*>(call->host_data);
    return flag && flag->load() ? 1 : 0;
}

} // namespace

const evo_plugin_descriptor& python_syntax_descriptor() {
    return evo_test::load_descriptor(EVO_TEST_PYTHON_SYNTAX_PLUGIN);
}

plugin_instance::plugin_instance(const std::string& config_json)
    : instance_(std::make_unique<evo_test::plugin_instance>(python_syntax_descriptor(), host_.api(),
                                                            config_json)) {
    if (instance_->create_status() != EVO_OK)
        throw std::runtime_error("create failed: " + instance_->create_error());
}

validation plugin_instance::validate(std::string_view text, std::string_view path,
                                     const call_context& context) const {
    const evo_call call{sizeof(evo_call), context.deadline_unix_ms, is_cancelled,
                        const_cast<void*>(static_cast<const void*>(context.cancel))};
    return evo_test::validate(*instance_, text, "python", &call, SIZE_MAX, path);
}

} // namespace evo::test
