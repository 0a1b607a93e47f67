// Code fetched from the network and run unseen: `curl URL | sh`, `sh -c "$(curl URL)"`,
// `bash <(wget -O- URL)`, `python3 <<< "$(curl URL)"`, `eval "$(curl URL)"`.
#include "command_words.hpp"
#include "programs.hpp"
#include "shell_rules.hpp"

namespace evo::shell {
namespace {

// Which bodies run a downloader, directly or in a body nested inside them.
std::vector<bool> downloading_bodies(const script& s) {
    std::vector<bool> downloading(s.body_parents.size(), false);
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv || !is_downloader(inv->name)) continue;
        for (int body = c.body; body >= 0 && !downloading[static_cast<std::size_t>(body)];
             body = s.body_parents[static_cast<std::size_t>(body)])
            downloading[static_cast<std::size_t>(body)] = true;
    }
    return downloading;
}

bool substitutes_download(const std::vector<bool>& downloading,
                          const std::vector<segment>& segments) {
    for (const segment& seg : segments) {
        if (seg.body >= 0 && downloading[static_cast<std::size_t>(seg.body)]) return true;
        if (substitutes_download(downloading, seg.operand)) return true;
    }
    return false;
}

// The pieces of text that become the program the command runs.
std::vector<const std::vector<segment>*> program_texts(const script& s, const command& c,
                                                       const invocation& inv) {
    std::vector<const std::vector<segment>*> texts;
    if (inv.name == "eval") {
        for (const word* w : inv.args)
            texts.push_back(&w->segments);
        return texts;
    }
    const program_source source = program_of(inv);
    if (source.text) texts.push_back(&source.text->segments);
    if (source.from != program_source::origin::standard_input) return texts;
    for (const redirection& r : c.redirections) {
        if (r.op == "<" || r.op == "<<<") texts.push_back(&r.target.segments);
        if (r.heredoc >= 0)
            texts.push_back(&s.heredocs[static_cast<std::size_t>(r.heredoc)].expansion);
    }
    return texts;
}

void check_pipes(const script& s, findings& out) {
    for (const pipeline& p : s.pipelines) {
        const command* download = nullptr;
        for (std::size_t index : p.commands) {
            const std::optional<invocation> inv = invoke(s.commands[index]);
            if (!inv) continue;
            if (is_downloader(inv->name)) {
                if (!download) download = &s.commands[index];
            } else if (download &&
                       program_of(*inv).from == program_source::origin::standard_input) {
                out.push_back(make_finding(
                    "SH-DOWNLOAD-EXEC", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, download->pos,
                    "downloaded content is piped into " + inv->name + " and run unseen",
                    "download to a file, verify its checksum or signature, then run it"));
                break;
            }
        }
    }
}

void check_substitutions(const script& s, findings& out) {
    const std::vector<bool> downloading = downloading_bodies(s);
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv || (inv->name != "eval" && program_of(*inv).from == program_source::origin::none))
            continue;
        for (const std::vector<segment>* text : program_texts(s, c, *inv)) {
            if (!substitutes_download(downloading, *text)) continue;
            out.push_back(
                make_finding("SH-DOWNLOAD-EXEC", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, c.pos,
                             inv->name + " runs code it downloads through a substitution",
                             "download to a file, verify its checksum or signature, then run it"));
            break;
        }
    }
}

} // namespace

void check_download_exec(const script& s, findings& out) {
    check_pipes(s, out);
    check_substitutions(s, out);
}

} // namespace evo::shell
