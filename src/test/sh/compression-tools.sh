#!/usr/bin/env bash
# The reference tools the compression stage tests use as oracles: zstd, lz4, brotli, bzip2 and xz, from their
# Debian packages, and python3's cramjam (pip) for snappy's framing format. Run by `./mvnw test` before the tests
# (process-test-classes). Under CI=true (as root, with apt-get) it installs those missing; elsewhere it only says
# which are missing, and the tests that need them skip loudly (dev.transform.testing.ReferenceTool), except under
# CI=true, where they fail.
set -uo pipefail
missing=()
packages=()
for tool in zstd lz4 brotli bzip2 xz; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    missing+=("$tool")
    # xz comes in Debian's xz-utils; the others in the package of their name.
    [ "$tool" = xz ] && packages+=(xz-utils) || packages+=("$tool")
  fi
done
python_missing=
command -v python3 >/dev/null 2>&1 && ! python3 -c 'import cramjam' >/dev/null 2>&1 && python_missing=cramjam
[ ${#missing[@]} -eq 0 ] && [ -z "$python_missing" ] && exit 0
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  if [ ${#packages[@]} -gt 0 ]; then
    echo "[compression-tools] installing Debian's ${packages[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"; } >/dev/null 2>&1 \
      || { echo "[compression-tools] FAILED: apt-get could not install ${packages[*]}"; exit 1; }
  fi
  if [ -n "$python_missing" ]; then
    echo "[compression-tools] installing python3's cramjam (pip)"
    python3 -m pip install -q cramjam >/dev/null 2>&1 \
      || { echo "[compression-tools] FAILED: pip could not install cramjam"; exit 1; }
  fi
  exit 0
fi
echo "################################################################################"
echo "### compression-tools: ${missing[*]} ${python_missing:+python3 module $python_missing }not installed;"
echo "### the tests using them as oracles are SKIPPED"
echo "### (apt-get install ${packages[*]}; pip install cramjam; CI=true installs them and fails without them)"
echo "################################################################################"
