// Writes to system configuration (/etc, /boot) and to disks or memory devices, by
// redirection, tee, cp, mv, install, sed -i or dd of=; and formatting a device.
#include "command_words.hpp"
#include "shell_rules.hpp"

#include <array>

namespace evo::shell {
namespace {

// Block devices and memory under /dev; /dev/null, /dev/stdout, /dev/tty, /dev/fd/N and
// /dev/shm are not among them.
constexpr std::array<std::string_view, 14> device_prefixes{
    "sd",  "hd",   "vd",    "xvd",     "nvme", "mmcblk", "md",
    "dm-", "loop", "disk/", "mapper/", "mem",  "kmem",   "port"};

constexpr std::array<std::string_view, 6> formatters{"mkfs",   "mke2fs",  "mkswap",
                                                     "wipefs", "mkdosfs", "mkntfs"};

enum class target_kind { ordinary, system_config, device };

std::string collapse_slashes(std::string_view path) {
    std::string out;
    for (char c : path)
        if (!(c == '/' && !out.empty() && out.back() == '/')) out += c;
    return out;
}

target_kind classify(std::string_view raw) {
    const std::string path = collapse_slashes(raw);
    if (path == "/etc" || path.starts_with("/etc/") || path == "/boot" ||
        path.starts_with("/boot/"))
        return target_kind::system_config;
    if (!path.starts_with("/dev/")) return target_kind::ordinary;
    const std::string_view device = std::string_view(path).substr(5);
    for (std::string_view prefix : device_prefixes)
        if (device.starts_with(prefix)) return target_kind::device;
    return target_kind::ordinary;
}

void report(std::string_view path, position at, std::string_view how, bool by_dd, findings& out) {
    switch (classify(path)) {
    case target_kind::ordinary:
        return;
    case target_kind::system_config:
        out.push_back(make_finding("SH-WRITE-SYSTEM", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, at,
                                   std::string(how) + " writes system configuration '" +
                                       std::string(path) + "'",
                                   "write to a file the script owns; leave system "
                                   "configuration to the administrator"));
        return;
    case target_kind::device:
        out.push_back(make_finding(by_dd ? "SH-DD-DEVICE" : "SH-WRITE-DEVICE", EVO_SEVERITY_HIGH,
                                   EVO_SEVERITY_HIGH, at,
                                   std::string(how) + " writes the device '" + std::string(path) +
                                       "', destroying its data",
                                   "write to an image file instead of a device"));
    }
}

bool writes_file(const redirection& r) {
    if (r.op == ">&") { // 2>&1 duplicates a descriptor; >&FILE writes a file
        const std::optional<std::string> target = literal(r.target);
        return target && target->find_first_not_of("0123456789-") != std::string::npos;
    }
    return r.op == ">" || r.op == ">>" || r.op == ">|" || r.op == "&>" || r.op == "&>>" ||
           r.op == "<>";
}

std::vector<const word*> operands(const invocation& inv) {
    std::vector<const word*> result;
    for (const word* w : inv.args)
        if (!is_option(literal(*w))) result.push_back(w);
    return result;
}

// cp/mv/install SRC... DEST, or -t DEST / --target-directory=DEST.
void check_copy(const invocation& inv, findings& out) {
    for (std::size_t i = 0; i < inv.args.size(); ++i) {
        const std::optional<std::string> text = literal(*inv.args[i]);
        if (text == "-t" && i + 1 < inv.args.size())
            report(literal_prefix(*inv.args[i + 1]), inv.args[i + 1]->pos, inv.name, false, out);
        if (text && text->starts_with("--target-directory="))
            report(text->substr(19), inv.args[i]->pos, inv.name, false, out);
    }
    const std::vector<const word*> files = operands(inv);
    if (files.size() >= 2)
        report(literal_prefix(*files.back()), files.back()->pos, inv.name, false, out);
}

// sed -i rewrites its files; without -e or -f the first operand is the script, not a file.
void check_sed(const invocation& inv, findings& out) {
    bool in_place = false;
    bool script_given = false;
    for (const word* w : inv.args) {
        const std::optional<std::string> text = literal(*w);
        if (!is_option(text)) continue;
        if (text->starts_with("--")) {
            in_place |= text->starts_with("--in-place");
            script_given |= text->starts_with("--expression") || text->starts_with("--file");
        } else {
            in_place |= text->find('i') != std::string::npos;
            script_given |= text->find_first_of("ef") != std::string::npos;
        }
    }
    if (!in_place) return;
    std::vector<const word*> files = operands(inv);
    if (!script_given && !files.empty()) files.erase(files.begin());
    for (const word* w : files)
        report(literal_prefix(*w), w->pos, "sed -i", false, out);
}

void check_command(const command& c, findings& out) {
    for (const redirection& r : c.redirections)
        if (writes_file(r)) report(literal_prefix(r.target), r.pos, "a redirection", false, out);
    const std::optional<invocation> inv = invoke(c);
    if (!inv) return;
    if (inv->name == "tee") {
        for (const word* w : operands(*inv))
            report(literal_prefix(*w), w->pos, "tee", false, out);
    } else if (inv->name == "cp" || inv->name == "mv" || inv->name == "install") {
        check_copy(*inv, out);
    } else if (inv->name == "sed") {
        check_sed(*inv, out);
    } else if (inv->name == "dd") {
        for (const word* w : inv->args) {
            const std::string text = literal_prefix(*w);
            if (text.starts_with("of=")) report(text.substr(3), w->pos, "dd", true, out);
        }
    }
}

bool is_formatter(std::string_view name) {
    for (std::string_view f : formatters)
        if (name == f) return true;
    return name.starts_with("mkfs.");
}

} // namespace

void check_writes(const script& s, findings& out) {
    for (const command& c : s.commands)
        check_command(c, out);
}

void check_format(const script& s, findings& out) {
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv || !is_formatter(inv->name)) continue;
        for (const word* w : operands(*inv)) {
            const std::string path = collapse_slashes(literal_prefix(*w));
            if (!path.starts_with("/dev/")) continue;
            out.push_back(make_finding("SH-MKFS-DEVICE", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH,
                                       c.pos,
                                       inv->name + " formats '" + path + "', erasing its data",
                                       "format an image file, never a device, from a script"));
            break;
        }
    }
}

} // namespace evo::shell
