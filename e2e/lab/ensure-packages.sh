#!/usr/bin/env bash
# Installs the Debian packages the tests need (SSH lab, keyring wrapper, Chromium for the e2e tests), when a binary is missing.
# Only as root (CI and the dev machines run as root); otherwise it just says what is missing.
set -euo pipefail

declare -A PKG_FOR=(
  [/usr/sbin/sshd]=openssh-server
  [/usr/bin/ssh-keygen]=openssh-client
  [/usr/bin/ssh-agent]=openssh-client
  [/usr/bin/dbus-run-session]=dbus
  [/usr/bin/gnome-keyring-daemon]=gnome-keyring
  [/usr/bin/secret-tool]=libsecret-tools
  [/usr/bin/sudo]=sudo
  [/usr/bin/chromium]=chromium
  [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]=fonts-dejavu-core
  [/usr/bin/git]=git
)

missing=()
for bin in "${!PKG_FOR[@]}"; do
  [ -e "$bin" ] || missing+=("${PKG_FOR[$bin]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# De-duplicate (ssh-keygen and ssh-agent come from the same package).
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" != 0 ]; then
  echo "ensure-packages: missing ${missing[*]} and not root: install them with apt-get." >&2
  exit 1
fi
echo "ensure-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
