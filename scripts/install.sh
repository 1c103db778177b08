#!/usr/bin/env bash
# Sets up a fresh clone: system packages (ffmpeg, espeak-ng, caption fallback fonts, Chromium for
# the e2e tests), npm dependencies, the Electron binary when it can be downloaded, and the build.
# Works with only the npm registry and the OS package repositories reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

# redis-server: the render farm tests start their own on a loopback port (no service is enabled).
# Noto core + CJK cover Arabic, Hebrew, Chinese, Japanese and Korean captions; Symbola draws emoji
# (libass cannot draw colour-bitmap emoji fonts such as Noto Color Emoji).
SYSTEM_PACKAGES="ffmpeg espeak-ng chromium fonts-noto-core fonts-noto-cjk fonts-symbola redis-server"

if [ "${REELFORGE_SKIP_SYSTEM:-}" = "1" ]; then
  say "Skipping system packages (REELFORGE_SKIP_SYSTEM=1)"
elif command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  missing=""
  for p in $SYSTEM_PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    say "Installing system packages:$missing"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  else
    say "System packages already installed"
  fi
elif command -v brew >/dev/null 2>&1; then
  say "Installing ffmpeg with Homebrew (macOS voices come from 'say')"
  brew list ffmpeg >/dev/null 2>&1 || brew install ffmpeg
else
  say "No apt-get or brew: install ffmpeg (and espeak-ng on Linux) yourself; see README"
fi

say "Installing npm dependencies (Electron's binary is fetched separately below)"
# Electron's own postinstall would download its binary from GitHub and fail the whole install
# where that host is unreachable; the npm package still gives its type definitions.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund

if [ "${REELFORGE_SKIP_ELECTRON:-}" = "1" ]; then
  say "Skipping the Electron binary (REELFORGE_SKIP_ELECTRON=1)"
elif timeout 120 node node_modules/electron/install.js >/tmp/reelforge-electron-install.log 2>&1; then
  say "Electron binary installed: 'npm start' runs the desktop app"
else
  say "Electron binary could not be downloaded (no access to its host). Installed without it:
    the CLI, the browser host (reelforge serve) and the web e2e tests work; the desktop app
    and the electron e2e project need it (run 'node node_modules/electron/install.js' later)."
fi

say "Building"
npm run build

say "Done. Try: npx reelforge render --topic \"Why cats purr\" --out ./out"
