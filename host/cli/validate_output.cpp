#include "validate_output.hpp"

#include "baseline.hpp"
#include "sarif.hpp"
#include "output_style.hpp"
#include "stderr_line.hpp"
#include "wording.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include <unistd.h>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct severity_counts {
    std::size_t by[4] = {0, 0, 0, 0};
    explicit severity_counts(const std::vector<host::finding_record>& findings) {
        for (const auto& f : findings)
            ++by[std::clamp(f.severity, 0, 3)];
    }
};

json::object summary_json(const validate_report& r) {
    severity_counts n(r.findings);
    return {{"files", r.files},
            {"skipped", r.skipped.size()},
            {"errors", r.errors.size()},
            {"lines", r.lines},
            {"findings",
             {{"high", n.by[EVO_SEVERITY_HIGH]},
              {"medium", n.by[EVO_SEVERITY_MEDIUM]},
              {"low", n.by[EVO_SEVERITY_LOW]},
              {"info", n.by[EVO_SEVERITY_INFO]}}},
            {"seconds", r.seconds},
            {"cached", r.cached},
            {"excluded_in_tests", r.excluded_in_tests},
            {"baseline_hidden", r.baseline_hidden}};
}

json::array notices_json(const std::vector<file_notice>& notices) {
    json::array out;
    for (const auto& n : notices)
        out.push_back(notice_json(n));
    return out;
}

void print_summary(const validate_report& r) {
    severity_counts n(r.findings);
    char text[512];
    std::snprintf(text, sizeof text,
                 " (%zu skipped, %s), %s; findings: %zu high, %zu medium, %zu low, %zu info; %.2f s "
                 "(%.0f files/s); %zu from the cache",
                 r.skipped.size(), plural(r.errors.size(), "error").c_str(), plural(r.lines, "line").c_str(),
                 n.by[EVO_SEVERITY_HIGH], n.by[EVO_SEVERITY_MEDIUM], n.by[EVO_SEVERITY_LOW],
                 n.by[EVO_SEVERITY_INFO], r.seconds,
                 r.seconds > 0 ? static_cast<double>(r.files) / r.seconds : 0.0, r.cached);
    std::string line = plural(r.files, "file") + text;
    if (r.exclude_tests)
        line += "; " + plural(r.excluded_in_tests, "finding") + " in test code excluded";
    if (r.baseline)
        line += "; " + plural(r.baseline_hidden, "finding") + " in the baseline not shown";
    stderr_line(line_level::info, line, {{"summary", summary_json(r)}});
}

// Every error, and every skip a user would not expect, one line each on stderr.
void print_notices(const validate_report& r) {
    for (const auto& n : r.skipped)
        if (!n.routine)
            stderr_line(line_level::warning, "skipped " + n.file + ": " + n.reason,
                        {{"skipped", notice_json(n)}});
    for (const auto& n : r.errors)
        stderr_error(n.file + ": " + n.reason, {{"file", n.file}, {"reason", n.reason}});
}

} // namespace

void print_report(const std::string& format, const validate_report& r) {
    if (format == "sarif") {
        json::object log = sarif_log(r.findings, r.skipped, r.errors);
        mark_sarif_baseline(log, r);
        std::cout << json::serialize(log) << '\n';
    } else if (format == "json") {
        json::array findings;
        for (const auto& f : r.findings)
            findings.push_back(finding_json(f));
        std::cout << json::serialize(json::object{{"findings", findings},
                                                  {"skipped", notices_json(r.skipped)},
                                                  {"errors", notices_json(r.errors)},
                                                  {"summary", summary_json(r)}})
                  << '\n';
    } else {
        const bool color = color_enabled(STDOUT_FILENO);
        for (const auto& f : r.findings)
            std::cout << format_finding(f, color) << '\n';
    }
    std::cout.flush();
    print_notices(r);
    print_summary(r);
}

} // namespace evo::cli
