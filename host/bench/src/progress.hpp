// One line on stderr saying what evo bench is measuring, rewritten in place.
#pragma once

#include <ostream>
#include <string>

namespace evo::bench {

class progress_line {
  public:
    progress_line(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
    ~progress_line() { clear(); }
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;

    void show(const std::string& text);
    void clear();

  private:
    std::ostream& err_;
    bool enabled_;
    bool shown_ = false;
};

} // namespace evo::bench
