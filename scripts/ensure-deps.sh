#!/usr/bin/env bash
# Makes sure the system libraries Bulkhead links against are present (GNU GSL + pkg-config).
# Installs them with apt-get when missing and running as root; otherwise prints the command.
set -euo pipefail
if pkg-config --exists gsl 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bulkhead: installing libgsl-dev and pkg-config with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq libgsl-dev pkg-config >&2
else
  echo "bulkhead: GNU GSL is missing. Run:  sudo apt-get install -y libgsl-dev pkg-config" >&2
  exit 1
fi
