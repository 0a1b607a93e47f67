// Columns padded to their widest cell, for a terminal.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace evo::bench {

enum class align { left, right };

struct column {
    std::string header;
    align alignment;
};

class text_table {
  public:
    explicit text_table(std::vector<column> columns) : columns_(std::move(columns)) {}
    void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    void print(std::ostream& out) const;

  private:
    std::vector<column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

} // namespace evo::bench
