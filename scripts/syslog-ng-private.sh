#!/usr/bin/env bash
# Unpacks Debian's syslog-ng-core into a private directory for the bench's syslog-ng peer, without installing it:
# in Debian syslog-ng-core conflicts with rsyslog (installing one removes the other) and the tests need rsyslog.
# `bench` finds the copy at $OOMSTREAM_SYSLOG_NG_HOME, by default ~/.cache/oomstream/syslog-ng.
# Its shared libraries (glib, ivykis, json-c, libnet, ...) come from the system; the script installs the missing ones.
set -euo pipefail
home="${OOMSTREAM_SYSLOG_NG_HOME:-$HOME/.cache/oomstream/syslog-ng}"
if [ -x "$home/usr/sbin/syslog-ng" ]; then
  echo "syslog-ng private copy already at $home"; exit 0
fi
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
deps=$(apt-cache depends syslog-ng-core | awk '/Depends: lib/ {print $2}')
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $deps >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq syslog-ng-core 2>/dev/null)
mkdir -p "$home"
dpkg -x "$tmp"/syslog-ng-core_*.deb "$home"
LD_LIBRARY_PATH="$home/usr/lib/syslog-ng" "$home/usr/sbin/syslog-ng" --version | head -1
echo "syslog-ng private copy at $home"
