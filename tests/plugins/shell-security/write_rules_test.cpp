#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;
using shell_test::rule_ids;

TEST_CASE("writes to system configuration", "[shell-security][write]") {
    const std::string script = GENERATE(
        "echo 'nameserver 1.1.1.1' > /etc/resolv.conf", "echo x >> /etc/hosts",
        "echo x >| /etc/motd", "cmd &> /etc/log.conf", "cmd 2> /etc/errors",
        "echo x | sudo tee /etc/apt/sources.list.d/x.list", "echo x | tee -a /etc/hosts",
        "cp app.conf /etc/app.conf", "sudo mv app.conf /etc/", "cp -t /etc app.conf",
        "install -m 644 app.conf /etc/app.conf", "sed -i 's/a/b/' /etc/ssh/sshd_config",
        "sed -i.bak -e 's/a/b/' /etc/fstab", "cat > /etc/\"$name\".conf", "echo x >//etc/passwd",
        "cp grub.cfg /boot/grub/grub.cfg", "while read l; do echo $l; done < in > /etc/shadow",
        "sudo sh -c 'echo x > /etc/motd'", "dd if=conf of=/etc/app.conf");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-WRITE-SYSTEM");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("writes to disks and memory devices", "[shell-security][write]") {
    const std::string script =
        GENERATE("cat image.iso > /dev/sda", "echo 0 > /dev/nvme0n1", "cp disk.img /dev/sdb",
                 "head -c 1M /dev/urandom | tee /dev/vda", "echo x > /dev/mem",
                 "cat x > /dev/disk/by-id/ata-foo", "cat x > /dev/mapper/root");
    CAPTURE(script);
    CHECK(rule_ids(script) == std::vector<std::string>{"SH-WRITE-DEVICE"});
}

TEST_CASE("dd onto a block device", "[shell-security][write]") {
    const std::string script = GENERATE(
        "dd if=/dev/zero of=/dev/sda bs=1M", "sudo dd if=image.iso of=/dev/sdb status=progress",
        "dd of=/dev/nvme0n1 if=/dev/urandom", "dd if=x of=/dev/mmcblk0");
    CAPTURE(script);
    CHECK(rule_ids(script) == std::vector<std::string>{"SH-DD-DEVICE"});
}

TEST_CASE("formatting a device", "[shell-security][write]") {
    const std::string script =
        GENERATE("mkfs.ext4 /dev/sdb1", "mkfs -t xfs /dev/nvme0n1p2", "sudo mke2fs /dev/sdc",
                 "mkswap /dev/sda2", "wipefs -a /dev/sda");
    CAPTURE(script);
    CHECK(rule_ids(script) == std::vector<std::string>{"SH-MKFS-DEVICE"});
}

TEST_CASE("harmless writes give nothing", "[shell-security][write]") {
    const std::string script = GENERATE(
        "echo x > /dev/null", "cmd > /dev/null 2>&1", "cmd 2>/dev/null", "echo x > /dev/stderr",
        "echo x > /dev/stdout", "echo x > /dev/tty", "echo x >&2", "echo x > /dev/fd/2",
        "echo x > /dev/shm/cache", "echo x > out.txt", "cmd &> build.log", "cat < /etc/hosts",
        "cp /etc/hosts hosts.bak", "grep x /etc/passwd", "sed -i 's/a/b/' config.ini",
        "sed -i '/etc/d' list.txt", "sed 's/a/b/' /etc/hosts", "tee out.txt",
        "dd if=/dev/zero of=disk.img bs=1M count=10", "dd if=/dev/sda of=backup.img",
        "mkfs.ext4 disk.img", "echo '> /etc/passwd'", "# echo x > /etc/passwd",
        "echo \"cat x > /dev/sda\"", "exec 3>&1", "cmd 2>&-", "echo x > \"$OUT\"");
    CAPTURE(script);
    CHECK(rule_ids(script).empty());
}
