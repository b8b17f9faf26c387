#!/usr/bin/env bash
# The reference tools the compression stage tests use as oracles: zstd, lz4 and brotli, from their Debian
# packages. Run by `./mvnw test` before the tests (process-test-classes). Under CI=true (as root, with apt-get)
# it installs those missing; elsewhere it only says which are missing, and the tests that need them skip loudly
# (dev.transform.testing.ReferenceTool), except under CI=true, where they fail.
set -uo pipefail
missing=()
for tool in zstd lz4 brotli; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[compression-tools] installing Debian's ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || { echo "[compression-tools] FAILED: apt-get could not install ${missing[*]}"; exit 1; }
  exit 0
fi
echo "################################################################################"
echo "### compression-tools: ${missing[*]} not installed; the tests using them as oracles are SKIPPED"
echo "### (apt-get install ${missing[*]}; CI=true installs them and fails without them)"
echo "################################################################################"
