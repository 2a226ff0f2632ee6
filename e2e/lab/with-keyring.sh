#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service), so that
# @napi-rs/keyring and secret-tool work headless (no X, as root, in CI). The keyring lives in a temporary
# HOME-like data dir and disappears with the session: nothing touches the caller's real keychain.
#
#   bash e2e/lab/with-keyring.sh npx vitest run --project integration
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "${1:-}" = "--inside" ]; then
  shift
  # Inside dbus-run-session: start the daemon unlocked. --unlock reads the (throwaway) password
  # from stdin (an empty one makes it ask a GUI prompter, which fails headless); it prints GNOME_KEYRING_CONTROL=... lines that we export for the clients.
  eval "$(printf 'lab-keyring' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
  eval "$(gnome-keyring-daemon --start --components=secrets | sed 's/^/export /')"
  exec "$@"
fi

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bash "$here/ensure-packages.sh"

# A private keyring directory: gnome-keyring stores "login" keyring files under XDG_DATA_HOME.
keyring_home="$(mktemp -d -t rb-keyring.XXXXXX)"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data"
export XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# Not exec: the trap must remove the temporary keyring after the command ends.
set +e
dbus-run-session -- bash "$here/with-keyring.sh" --inside "$@"
status=$?
exit $status
