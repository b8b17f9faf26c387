#!/usr/bin/env bash
# SIGTERM, as Kubernetes and Lambda stop the process, with a stream in flight: the stream finishes
# (its output checked against base64(1)) within quarkus.shutdown.timeout, a new request meanwhile is
# refused with a 503 (or finds the listener closed), and the process exits. Run by `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=target/graceful-shutdown
mkdir -p "$work"
head -c 6000000 /dev/urandom > "$work/body"
expected=$(base64 -w0 < "$work/body" | sha256sum | cut -d' ' -f1)

log="$work/service.log"
. src/test/sh/service.sh
start_service shutdown "$log"
# This script stops the service itself (SIGTERM); the trap only cleans up after a failure.
trap 'kill -9 $pid 2>/dev/null || true' EXIT

# About 3 s of upload at 2 MB/s; SIGTERM arrives a second into it.
curl -sS -f -H 'Expect:' -X POST -T "$work/body" --limit-rate 2M -o "$work/out" "$url/v1/encode/base64" &
inflight=$!
sleep 1
sent=$(date +%s%N)
kill -TERM "$pid"
sleep 0.3
refused=$(curl -s -o "$work/refused.json" -w '%{http_code}' -X POST --data-binary ab "$url/v1/encode/hex" || true)
wait "$inflight" || { echo "[shutdown] FAILED: the stream in flight was cut off"; exit 1; }
actual=$(sha256sum < "$work/out" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || { echo "[shutdown] FAILED: the stream in flight ended with wrong output"; exit 1; }
case "$refused" in
  503 | 000) ;;
  *) echo "[shutdown] FAILED: a request after SIGTERM got $refused, not 503"; exit 1 ;;
esac
status=0
wait "$pid" || status=$?
stopped_ms=$(( ($(date +%s%N) - sent) / 1000000 ))
grep -q "Waiting for HTTP requests to complete" "$log" || { echo "[shutdown] FAILED: no graceful wait"; cat "$log"; exit 1; }
if grep -q "Timed out waiting for graceful shutdown" "$log"; then
  echo "[shutdown] FAILED: the grace period ran out"; exit 1
fi
echo "[shutdown] OK: the stream in flight finished with the right $(stat -c %s "$work/out") bytes," \
  "a new request got $refused, exit status $status, ${stopped_ms} ms from SIGTERM to exit"
