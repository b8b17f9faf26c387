#!/usr/bin/env bash
# SIGTERM, as Kubernetes and Lambda stop the process, with a stream in flight: the stream finishes
# (its output checked against base64(1)) within quarkus.shutdown.timeout, a new request meanwhile is
# refused with a 503 problem (or finds the listener closed: connection refused, nothing else), and the
# process exits cleanly (status 0, or 143 for the signal) within the grace period and a margin, which
# is waited for no longer: a hung shutdown fails here instead of hanging the build. A client that sends
# first, its upload spooled to disk at SIGTERM, gets its whole answer too, and the spool directory is
# left empty. Run by `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=target/graceful-shutdown
mkdir -p "$work"
head -c 6000000 /dev/urandom > "$work/body"
expected=$(base64 -w0 < "$work/body" | sha256sum | cut -d' ' -f1)

log="$work/service.log"
spool="$work/spool"
rm -rf "$spool"
head -c 48000000 /dev/urandom > "$work/send-first"
expected_hex=$(python3 -c 'import binascii, hashlib, sys; print(hashlib.sha256(binascii.hexlify(open(sys.argv[1], "rb").read())).hexdigest())' "$work/send-first")
. src/test/sh/service.sh
SERVICE_OPTS="-Dtransform.spool.directory=$spool" start_service shutdown "$log"
# This script stops the service itself (SIGTERM); the trap only cleans up after a failure.
trap 'kill -9 $pid 2>/dev/null || true' EXIT

# A send-first client: its 48 MB upload goes to the spool (the 96 MB answer outgrows the sockets), and
# it reads only 4 s later, after SIGTERM.
python3 bench/send_first.py "$url/v1/encode/hex" "$work/send-first" --wait 4 > "$work/send-first.out" &
sendfirst=$!
for _ in $(seq 1 100); do
  in_use=$(curl -s "$url/q/metrics" | awk '/^transform_spool_in_use_bytes / { printf "%.0f", $2 }')
  [ "${in_use:-0}" -gt 0 ] && break
  sleep 0.1
done
[ "${in_use:-0}" -gt 0 ] || { echo "[shutdown] FAILED: the send-first upload never reached the spool"; exit 1; }

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
wait "$sendfirst" || { echo "[shutdown] FAILED: the send-first client's spooled stream was cut off"; exit 1; }
[ "$(cut -d' ' -f3 "$work/send-first.out")" = "$expected_hex" ] \
  || { echo "[shutdown] FAILED: the send-first client got a wrong answer: $(cat "$work/send-first.out")"; exit 1; }
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
if [ -n "$(ls -A "$spool" 2>/dev/null)" ]; then
  echo "[shutdown] FAILED: files left in the spool directory: $(ls -A "$spool")"; exit 1
fi
echo "[shutdown] OK: the stream in flight finished with the right $(stat -c %s "$work/out") bytes, the spooled send-first one with all $(cut -d" " -f2 "$work/send-first.out"),"  \
  "a new request got $refused, exit status $status, ${stopped_ms} ms from SIGTERM to exit"
