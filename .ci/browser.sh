#!/usr/bin/env bash
# Debian's Chromium (and its driver) for the browser tests (tests/browser, `complaints serve`).
#
#   .ci/browser.sh    install chromium and chromium-driver with apt if /usr/bin/chromium is
#                     missing; print nothing on success (a line on stderr when it installs).
#
# Idempotent: a second run only checks. Runs as root (CI does). Playwright (a dev dependency)
# drives this browser through executable_path: nothing ever downloads a browser of its own.
set -euo pipefail

log() { echo "browser.sh: $*" >&2; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
log "installing Debian's chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium chromium-driver >/dev/null
test -x /usr/bin/chromium || { log "chromium did not install"; exit 1; }
