#include <evo/bench/text_table.hpp>

#include <algorithm>

namespace evo::bench {
namespace {

constexpr std::size_t gap = 2;

// Display width: counts UTF-8 code points, not bytes, so "±" or "×" do not skew columns.
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
        return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
    }));
}

std::string padded(const std::string& text, std::size_t width, align alignment) {
    const std::string padding(width - display_width(text), ' ');
    return alignment == align::right ? padding + text : text + padding;
}

} // namespace

void text_table::print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    for (const column& column : columns_)
        widths.push_back(display_width(column.header));
    for (const auto& row : rows_)
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));

    const auto print_row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (i > 0) line += std::string(gap, ' ');
            line += padded(i < cells.size() ? cells[i] : "", widths[i], columns_[i].alignment);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << '\n';
    };
    std::vector<std::string> headers;
    for (const column& column : columns_)
        headers.push_back(column.header);
    print_row(headers);
    for (const auto& row : rows_)
        print_row(row);
}

} // namespace evo::bench
