// An ostream for code that reports through one (evo bench): each line it is given becomes a
// stderr_line, so --log-format json turns it into a JSON object like every other line.
#pragma once

#include "stderr_line.hpp"

#include <ostream>
#include <streambuf>
#include <string>

namespace evo::cli {

class stderr_line_stream final : private std::streambuf, public std::ostream {
  public:
    // `prefix` ("evo bench: ") is the text form's and is left out of the JSON message.
    stderr_line_stream(line_level level, std::string prefix)
        : std::ostream(static_cast<std::streambuf*>(this)), level_(level),
          prefix_(std::move(prefix)) {}
    ~stderr_line_stream() override {
        if (!line_.empty()) emit();
    }

  private:
    int overflow(int c) override {
        if (c == std::char_traits<char>::eof()) return std::char_traits<char>::not_eof(c);
        if (c == '\n')
            emit();
        else
            line_.push_back(static_cast<char>(c));
        return c;
    }
    void emit() {
        std::string message = line_.starts_with(prefix_) ? line_.substr(prefix_.size()) : line_;
        stderr_line_as(line_, level_, message);
        line_.clear();
    }

    line_level level_;
    std::string prefix_;
    std::string line_;
};

} // namespace evo::cli
