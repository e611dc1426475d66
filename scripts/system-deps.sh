#!/usr/bin/env bash
# Installs the Debian packages corridor needs, if they are missing (idempotent).
#   build: compilers and ICU headers for PyICU; Pango, HarfBuzz and fonts for PDF reports
#          (WeasyPrint)
#   test:  the above plus PostgreSQL server binaries for the contract tests and
#          Chromium for the browser tests, poppler-utils (pdftoppm) to look at rendered reports
set -euo pipefail
want=(python3-venv python3-dev build-essential pkg-config libicu-dev libsodium23
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core)
# Node.js builds the web UI; the machine image ships Node 20 with npm 11 (Vite 8 needs them),
# Debian's nodejs is only the fallback.
command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
if [ "${1:-build}" = "test" ]; then
  want+=(postgresql chromium poppler-utils)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "corridor needs these Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
