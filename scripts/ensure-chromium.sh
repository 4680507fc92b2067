#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests exists: Debian's /usr/bin/chromium (installed with
# apt-get, with a CJK font, when missing and we are root), or else Playwright's own browser.
set -euo pipefail
if [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then exit 0; fi
if [ -n "$(ls -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* 2>/dev/null)" ]; then exit 0; fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "[tests] installing Debian's chromium and fonts-noto-cjk…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "[tests] no Chromium found: install Debian's 'chromium' (sudo apt-get install chromium) or run 'npx playwright install chromium'" >&2
exit 1
