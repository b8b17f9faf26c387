#!/usr/bin/env bash
# The soak: the packaged service at -Xmx$HEAP under CLIENTS concurrent clients for SECONDS, mixing
# stages, checked outputs and clients that give up mid-stream; every SAMPLE seconds it records RSS,
# the old generation left after a full GC (the live set: what a leak would grow), open file descriptors and streams in flight, then says whether any
# of them grew from the first third of the run to the last.
#   bench/soak.sh                        # 16 clients, 180 s
#   SECONDS_TO_RUN=600 bench/soak.sh     # longer, on demand
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-16}
RUN=${SECONDS_TO_RUN:-180}
WARMUP=${WARMUP:-30}
SAMPLE=${SAMPLE:-10}
HEAP=${HEAP:-128m}
PORT=${PORT:-18085}
out=target/soak
mkdir -p "$out"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
head -c 4194304 /dev/urandom > "$out/body"
sha() { sha256sum | cut -d' ' -f1; }
body_sha=$(sha < "$out/body")
base64_sha=$(base64 -w0 < "$out/body" | sha)

url="http://localhost:$PORT"
! curl -s -o /dev/null "$url" || { echo "port $PORT is taken: PORT=... bench/soak.sh"; exit 1; }
# A fixed, pre-touched heap: RSS then moves only with what lives outside it (direct buffers, zlib,
# threads, code), where a native leak would show, not with the heap growing to its maximum.
java "-Xms$HEAP" "-Xmx$HEAP" -XX:+AlwaysPreTouch -Dquarkus.http.port="$PORT" -jar target/quarkus-app/quarkus-run.jar > "$out/server.log" 2>&1 &
pid=$!
clients=()
stop_clients() { # the loops, then the curls they started
  kill "${clients[@]}" 2>/dev/null || true
  pkill -f "curl.*localhost:$PORT/v1/" 2>/dev/null || true
}
trap 'stop_clients; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
until curl -s -o /dev/null "$url/q/health/ready"; do sleep 0.1; done
post() { curl -sS -H 'Expect:' -H 'Content-Type: application/octet-stream' -X POST -T "$out/body" "$@"; }

client() { # runs until killed; counts checked streams and failures in its own file
  local n=0 bad=0 got
  while true; do
    case $(( n % 4 )) in
      0) got=$(post "$url/v1/pipeline?step=compress:gzip&step=decompress:gzip" | sha) ;;
      1) got=$(post "$url/v1/encode/base64" | sha); [ "$got" = "$base64_sha" ] && got=$body_sha ;;
      2) got=$(post "$url/v1/slice" | sha) ;;
      3) post --max-time 0.05 -o /dev/null "$url/v1/encode/hex" 2>/dev/null || true; got=$body_sha ;; # gives up
    esac
    [ "$got" = "$body_sha" ] || bad=$((bad + 1))
    n=$((n + 1))
    echo "$n $bad" > "$out/client-$1"
  done
}
for i in $(seq "$CLIENTS"); do client "$i" 2> /dev/null & clients+=($!); done
sleep "$WARMUP" # the JIT, the heap and Netty's pools settle first

samples="$out/samples.tsv"
printf 'seconds\trss_mib\told_gen_after_gc_mib\topen_fds\tin_flight\n' > "$samples"
for elapsed in $(seq "$((WARMUP + SAMPLE))" "$SAMPLE" "$((WARMUP + RUN))"); do
  sleep "$SAMPLE"
  jcmd "$pid" GC.run > /dev/null
  heap=$(curl -s "$url/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap",id="G1 Old Gen"/ { t += $NF } END { printf "%.1f", t / 1048576 }')
  flight=$(curl -s "$url/q/metrics" | awk '/^transform_streams_in_flight / { print $2 }')
  rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  printf '%s\t%s\t%s\t%s\t%s\n' "$elapsed" "$rss" "$heap" "$(ls "/proc/$pid/fd" | wc -l)" "$flight" >> "$samples"
done
stop_clients
wait "${clients[@]}" 2> /dev/null || true

column -t "$samples"
streams=$(cat "$out"/client-* | awk '{ n += $1; bad += $2 } END { print n " streams, " bad " with wrong output" }')
echo "$CLIENTS clients, ${RUN} s sampled after ${WARMUP} s: $streams"
# Growth: the mean of the last third of the samples against the first third.
awk -F'\t' 'NR > 1 { rss[NR] = $2; heap[NR] = $3; fds[NR] = $4 } END {
  n = NR - 1; third = int(n / 3); if (third < 1) third = 1
  for (i = 2; i < 2 + third; i++) { r0 += rss[i]; h0 += heap[i]; f0 += fds[i] }
  for (i = NR - third + 1; i <= NR; i++) { r1 += rss[i]; h1 += heap[i]; f1 += fds[i] }
  printf "first third -> last third: RSS %.1f -> %.1f MiB, old gen after GC %.1f -> %.1f MiB, fds %.1f -> %.1f\n",
    r0 / third, r1 / third, h0 / third, h1 / third, f0 / third, f1 / third
  grew = (r1 > r0 * 1.10 + 0) || (h1 > h0 * 1.25 + 2) || (f1 > f0 + 8)
  print grew ? "GROWTH: see the samples above" : "no growth trend"
  exit grew
}' "$samples"
