#!/usr/bin/env bash
# Renders assets/icon.svg to the 512x512 assets/icon.png electron-builder uses (needs chromium).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style><img src="file://%s/assets/icon.svg" width="512" height="512">' "$root" >"$tmp/icon.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=512,512 --screenshot="$root/assets/icon.png" "file://$tmp/icon.html" 2>/dev/null
