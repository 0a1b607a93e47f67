#include "report.hpp"

#include "bench_error.hpp"

#include <boost/json.hpp>

namespace evo::bench {
namespace {

// Bumped when a saved report changes shape; --compare refuses other formats.
constexpr std::int64_t report_format = 1;

boost::json::object stats_to_json(const sample_stats& stats) {
    boost::json::array samples(stats.samples.begin(), stats.samples.end());
    return {{"median", stats.median},
            {"mad", stats.mad},
            {"min", stats.min},
            {"max", stats.max},
            {"samples", std::move(samples)}};
}

sample_stats stats_from_json(const boost::json::value& value) {
    std::vector<double> samples;
    for (const boost::json::value& sample : value.at("samples").as_array())
        samples.push_back(sample.to_number<double>());
    return summarize(std::move(samples));
}

boost::json::object row_to_json(const bench_row& row) {
    boost::json::object json{{"suite", row.suite},
                             {"name", row.name},
                             {"title", row.title},
                             {"unit", row.unit},
                             {"lower_is_better", row.lower_is_better},
                             {"evo", stats_to_json(row.evo)}};
    if (row.python) json["python"] = stats_to_json(*row.python);
    if (const auto ratio = python_to_evo_ratio(row)) json["ratio"] = *ratio;
    if (row.python_checksum || row.evo_checksum)
        json["checksum"] = {{"python", row.python_checksum.value_or("")},
                            {"evo", row.evo_checksum.value_or("")},
                            {"match", checksums_match(row)}};
    if (!row.note.empty()) json["note"] = row.note;
    return json;
}

bench_row row_from_json(const boost::json::object& json) {
    bench_row row;
    row.suite = json.at("suite").as_string();
    row.name = json.at("name").as_string();
    row.title = json.at("title").as_string();
    row.unit = json.at("unit").as_string();
    row.lower_is_better = json.at("lower_is_better").as_bool();
    row.evo = stats_from_json(json.at("evo"));
    if (const auto* python = json.if_contains("python")) row.python = stats_from_json(*python);
    if (const auto* checksum = json.if_contains("checksum")) {
        row.python_checksum = checksum->at("python").as_string();
        row.evo_checksum = checksum->at("evo").as_string();
    }
    if (const auto* note = json.if_contains("note")) row.note = note->as_string();
    return row;
}

boost::json::object environment_to_json(const run_environment& environment) {
    boost::json::object json{
        {"date", environment.date},
        {"machine",
         {{"system", environment.system}, {"cpu", environment.cpu}, {"cpus", environment.cpus}}}};
    if (!environment.python_version.empty())
        json["python"] = {{"version", environment.python_version},
                          {"executable", environment.python_executable},
                          {"command", environment.python_command}};
    if (!environment.evo_executable.empty())
        json["evo"] = {{"version", environment.evo_version},
                       {"executable", environment.evo_executable}};
    return json;
}

} // namespace

std::optional<double> python_to_evo_ratio(const bench_row& row) {
    if (!row.python || row.evo.samples.empty() || row.evo.median <= 0) return std::nullopt;
    return row.python->median / row.evo.median;
}

bool checksums_match(const bench_row& row) {
    return row.python_checksum && row.evo_checksum && *row.python_checksum == *row.evo_checksum;
}

boost::json::object report_to_json(const bench_report& report) {
    boost::json::object json{{"evo_bench_format", report_format},
                             {"suite", report.suite},
                             {"runs", report.runs},
                             {"warmup_runs", warmup_runs},
                             {"interrupted", report.interrupted}};
    for (auto& [key, value] : environment_to_json(report.environment))
        json[key] = value;
    boost::json::array rows;
    for (const bench_row& row : report.rows)
        rows.push_back(row_to_json(row));
    json["rows"] = std::move(rows);
    return json;
}

std::vector<bench_row> rows_from_json(const boost::json::value& report) {
    try {
        const auto* format = report.as_object().if_contains("evo_bench_format");
        if (!format || format->to_number<std::int64_t>() != report_format)
            throw bench_error("not an evo bench result of format " + std::to_string(report_format));
        std::vector<bench_row> rows;
        for (const boost::json::value& row : report.at("rows").as_array())
            rows.push_back(row_from_json(row.as_object()));
        return rows;
    } catch (const bench_error&) {
        throw;
    } catch (const std::exception& error) {
        throw bench_error(std::string("malformed evo bench result: ") + error.what());
    }
}

} // namespace evo::bench
