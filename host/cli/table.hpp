// Aligned plain-text tables for terminal output. Lines fit the output's width (output_style.hpp:
// COLUMNS, else the terminal's; a pipe has no limit): the free-text column (DESCRIPTION, else
// the last) gives way first, its cells cut at the end with an ellipsis; then a FILE or PATH
// column, cut at the start ("…/plugins/evo-memory.so") but never into the file's name. Ids,
// names and versions are never cut.
#pragma once

#include "output_style.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

namespace evo::cli {

class table {
  public:
    explicit table(std::vector<std::string> header) : rows_{std::move(header)} {
        const auto& h = rows_.front();
        flexible_ = h.empty() ? 0 : h.size() - 1;
        for (std::size_t i = 0; i < h.size(); ++i) {
            const std::string name = upper(h[i]);
            if (name == "DESCRIPTION") flexible_ = i;
            if (name == "FILE" || name == "PATH") path_ = i;
        }
    }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    // The column that is cut when a line would be too wide.
    void flexible(std::size_t column) { flexible_ = column; }

    // To stdout: as wide as stdout allows; to any other stream: whole lines.
    void print(std::ostream& out) const {
        print(out, &out == &std::cout ? output_width(STDOUT_FILENO) : 0);
    }

    // `max_width` 0: no limit.
    void print(std::ostream& out, std::size_t max_width) const {
        std::vector<std::size_t> width;
        for (const auto& row : rows_)
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (width.size() <= i) width.push_back(0);
                width[i] = std::max(width[i], columns(row[i]));
            }
        if (max_width > 0) {
            const auto total = [&] {
                std::size_t sum = 2 * (width.size() - 1);
                for (auto w : width)
                    sum += w;
                return sum;
            };
            // The path's directories go first (its file name stays), then the description's end.
            if (total() > max_width && path_ < width.size() && path_ != flexible_) {
                std::size_t floor = columns(rows_.front()[path_]);
                for (std::size_t r = 1; r < rows_.size(); ++r)
                    if (path_ < rows_[r].size())
                        floor = std::max(floor, columns(file_name(rows_[r][path_])) + 2);
                shrink(width[path_], std::min(floor, width[path_]), total() - max_width);
            }
            if (total() > max_width && flexible_ < width.size()) {
                // Never below the header or a few words' worth: past that, the line runs long.
                const std::size_t floor =
                    std::max<std::size_t>(columns(rows_.front()[flexible_]), 12);
                shrink(width[flexible_], std::min(width[flexible_], floor), total() - max_width);
            }
        }
        for (const auto& row : rows_) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                const std::string cell = i == flexible_ ? fit(row[i], width[i])
                                         : i == path_   ? fit_left(row[i], width[i])
                                                        : row[i];
                line += cell;
                if (i + 1 < row.size())
                    line += std::string(width[i] - std::min(width[i], columns(cell)) + 2, ' ');
            }
            while (!line.empty() && line.back() == ' ')
                line.pop_back();
            out << line << '\n';
        }
    }

  private:
    static std::string upper(std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s;
    }
    // Terminal columns of UTF-8 text: one a code point (continuation bytes do not count).
    static std::size_t columns(const std::string& s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }
    // Where code point `n` of UTF-8 `s` starts (s.size() when it has fewer).
    static std::size_t code_point_offset(const std::string& s, std::size_t n) {
        std::size_t at = 0;
        for (std::size_t seen = 0; at < s.size(); ++at)
            if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && seen++ == n) break;
        return at;
    }
    // `s` in at most `width` columns: cut at a code point, the last column an ellipsis.
    static std::string fit(const std::string& s, std::size_t width) {
        if (columns(s) <= width) return s;
        if (width == 0) return {};
        std::string cut = s.substr(0, code_point_offset(s, width - 1));
        while (!cut.empty() && cut.back() == ' ')
            cut.pop_back();
        return cut + "\u2026";
    }

    static void shrink(std::size_t& width, std::size_t floor, std::size_t excess) {
        width = width > floor + excess ? width - excess : floor;
    }
    // `s` in at most `width` columns, its start replaced by an ellipsis.
    static std::string fit_left(const std::string& s, std::size_t width) {
        const std::size_t length = columns(s);
        if (length <= width) return s;
        if (width == 0) return {};
        return "\u2026" + s.substr(code_point_offset(s, length - (width - 1)));
    }
    static std::string file_name(const std::string& path) {
        const auto slash = path.rfind('/');
        return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    std::vector<std::vector<std::string>> rows_;
    std::size_t flexible_ = 0;
    std::size_t path_ = static_cast<std::size_t>(-1); // none
};

} // namespace evo::cli
