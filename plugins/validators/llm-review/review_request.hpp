// The request llm-review sends to its provider.
#pragma once

#include <string>
#include <string_view>

namespace evo::review {

// Normalized request JSON: a system message that demands the verdict format of verdict.hpp
// and a user message with the language and the code, fenced by markers derived from the
// code's own hash so that the code cannot close the fence early. Temperature 0.
std::string review_request(std::string_view code, std::string_view language);

} // namespace evo::review
