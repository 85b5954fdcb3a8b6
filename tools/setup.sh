#!/bin/sh
# Project set-up for tests: npm dependencies, plus gcc and GNU binutils (as,
# ld, ar) for nacl-cc and the fixture rebuild check. Idempotent: installs only
# what is missing, quietly and without prompts; quick when all is present.
# Debian/Ubuntu (apt-get). Uses sudo only when not running as root.
set -eu

cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci
fi

missing=""
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
for tool in as ld ar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    missing="$missing binutils"
    break
  fi
done

if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: missing$missing and no apt-get: install gcc and GNU binutils by hand" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup.sh: installing$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
