#!/usr/bin/env bash
# The install step: the Debian packages the tests and the browser host use, then the npm
# dependencies exactly as locked. `npm start` and `npm test` run it themselves when it is due
# (scripts/ensure-install.js); CI calls it directly. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: end-to-end tests and the browser host · socat: pseudo-terminal pairs for serial tests
# zbar-tools: decodes the customer QR from a screenshot · udev: SerialPort.list() runs udevadm
# postgresql: the chain's HQ (souq hq serve) and its tests, which start throwaway clusters
packages=(chromium socat zbar-tools udev postgresql)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Not a Debian system: install these yourself for the full test suite: ${missing[*]}" >&2
  fi
fi

# Electron's own install script (a binary download) is denied in package.json's allowScripts so
# this works offline; `npm start` fetches the binary when it can and falls back to the browser.
# npm ci also runs `prepare`, which compiles the CLI and app core (scripts/build.js).
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund

# Done for this lockfile: `npm start` / `npm test` run this script again only when it changes.
node scripts/ensure-install.js --stamp
