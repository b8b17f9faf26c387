#!/usr/bin/env bash
# Fails the build if Netty reported a leaked buffer after the last test class, when no test was
# left to fail (dev.transform.testing.LeaksAfterLastClass writes the report). Run by `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
report=target/leaks-after-last-class.txt
if [ -s "$report" ]; then
  cat "$report"
  echo "[leaks] FAILED: leaked buffers reported after the last test class (above)"
  exit 1
fi
echo "[leaks] OK: no leak reported after the last test class"
