#!/usr/bin/env bash
# Install the Debian packages the test suite needs, if any are missing.
#
#   chromium          headless browser for the end-to-end tests (/usr/bin/chromium)
#   fonts-noto-cjk    Chinese glyphs, so pages and charts render real text in screenshots
#   fonts-liberation  Latin fallback fonts (chromium's recommended font package)
#   libreoffice-writer-nogui  headless LibreOffice: the policy report test opens the .docx and converts it to PDF
#   poppler-utils     pdftoppm / pdftotext: render and read the converted report in that test
#
# Quiet and exit 0 when everything is installed. As root: `apt-get update` once, then
# `apt-get install` of the missing ones. Not root: prints what to install and exits 1.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk fonts-liberation libreoffice-writer-nogui poppler-utils)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure_system_packages: missing Debian packages: ${missing[*]}" >&2
  echo "ensure_system_packages: install them as root with:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "ensure_system_packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

for pkg in "${missing[@]}"; do
  is_installed "$pkg" || { echo "ensure_system_packages: ERROR: $pkg still not installed" >&2; exit 1; }
done
