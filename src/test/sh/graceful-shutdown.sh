#!/usr/bin/env bash
# SIGTERM, as Kubernetes and Lambda stop the process, with a stream in flight: the stream finishes
# (its output checked against base64(1)) within quarkus.shutdown.timeout, a new request meanwhile is
# refused with a 503 problem (or finds the listener closed: connection refused, nothing else), and the
# process exits cleanly (status 0, or 143 for the signal) within the grace period and a margin, which
# is waited for no longer: a hung shutdown fails here instead of hanging the build. Run by `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=target/graceful-shutdown
mkdir -p "$work"
head -c 6000000 /dev/urandom > "$work/body"
expected=$(base64 -w0 < "$work/body" | sha256sum | cut -d' ' -f1)

log="$work/service.log"
java -Dquarkus.http.port=0 -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  port=$(grep -oE 'Listening on: http://[^ ]+:[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "${port:-}" ] || { echo "[shutdown] the service did not start:"; cat "$log"; exit 1; }
url="http://localhost:$port"

# About 3 s of upload at 2 MB/s; SIGTERM arrives a second into it.
curl -sS -f --max-time 60 -H 'Expect:' -X POST -T "$work/body" --limit-rate 2M -o "$work/out" "$url/v1/encode/base64" &
inflight=$!
sleep 1
sent=$(date +%s%N)
kill -TERM "$pid"
sleep 0.3
# curl's exit status tells a closed listener (7: connection refused) from every other way of getting
# no status at all (a reset, a timeout, an empty reply), which are failures, not refusals.
refused_exit=0
refused=$(curl -s --max-time 10 -o "$work/refused.json" -w '%{http_code}' -X POST --data-binary ab "$url/v1/encode/hex") \
  || refused_exit=$?
wait "$inflight" || { echo "[shutdown] FAILED: the stream in flight was cut off"; exit 1; }
actual=$(sha256sum < "$work/out" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || { echo "[shutdown] FAILED: the stream in flight ended with wrong output"; exit 1; }
case "$refused/$refused_exit" in
  503/0)
    grep -q 'urn:transform-api:problem:unavailable' "$work/refused.json" \
      || { echo "[shutdown] FAILED: the 503 is not the unavailable problem: $(cat "$work/refused.json")"; exit 1; } ;;
  000/7) refused="connection refused" ;;
  *) echo "[shutdown] FAILED: a request after SIGTERM got HTTP $refused (curl exit $refused_exit), not 503 or refused"; exit 1 ;;
esac
# The grace period (quarkus.shutdown.timeout, 25 s) and 10 s for the rest of the shutdown.
for _ in $(seq 1 350); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "[shutdown] FAILED: the process still runs 35 s after SIGTERM"; tail -20 "$log"; exit 1
fi
status=0
wait "$pid" || status=$?
stopped_ms=$(( ($(date +%s%N) - sent) / 1000000 ))
case "$status" in
  0 | 143) ;;
  *) echo "[shutdown] FAILED: the process exited with status $status"; tail -20 "$log"; exit 1 ;;
esac
grep -q "Waiting for HTTP requests to complete" "$log" || { echo "[shutdown] FAILED: no graceful wait"; cat "$log"; exit 1; }
if grep -q "Timed out waiting for graceful shutdown" "$log"; then
  echo "[shutdown] FAILED: the grace period ran out"; exit 1
fi
echo "[shutdown] OK: the stream in flight finished with the right $(stat -c %s "$work/out") bytes," \
  "a new request got $refused, exit status $status, ${stopped_ms} ms from SIGTERM to exit"
