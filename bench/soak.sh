#!/usr/bin/env bash
# The soak: the packaged service at -Xmx$HEAP under CLIENTS concurrent clients for SECONDS, mixing
# stages, checked outputs and clients that give up mid-stream. Every SAMPLE seconds it records RSS,
# the old generation after a full GC, open file descriptors and streams in flight; the verdict
# compares what the server holds idle (no stream in flight) after the warm-up and after the run.
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

# The sha256 of a stream's output, or "failed" when curl reports a transport error (a stream cut
# off or reset): under set -e and pipefail that error would otherwise end the client silently, and
# an aborted stream would never count as a bad one.
checked() {
  local sum
  sum=$(post "$@" | sha) && echo "$sum" || echo failed
}
client() { # runs until killed; counts checked streams and failures in its own file
  local n=0 bad=0 got
  while true; do
    case $(( n % 4 )) in
      0) got=$(checked "$url/v1/pipeline?step=compress:gzip&step=decompress:gzip") ;;
      1) got=$(checked "$url/v1/encode/base64"); [ "$got" = "$base64_sha" ] && got=$body_sha ;;
      2) got=$(checked "$url/v1/slice") ;;
      3) post --max-time 0.05 -o /dev/null "$url/v1/encode/hex" 2>/dev/null || true; got=$body_sha ;; # gives up
    esac
    [ "$got" = "$body_sha" ] || bad=$((bad + 1))
    n=$((n + 1))
    echo "$n $bad" > "$out/client-$1"
  done
}
start_clients() {
  clients=()
  for i in $(seq "$CLIENTS"); do client "$i" 2> /dev/null & clients+=($!); done
}
# After a full GC: RSS, the live heap (the old generation), open files and streams in flight, from one
# scrape of the metrics.
reading() {
  jcmd "$pid" GC.run > /dev/null
  curl -s "$url/q/metrics" | awk -v rss="$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")" \
    -v fds="$(ls "/proc/$pid/fd" | wc -l)" '
    /^jvm_memory_used_bytes\{area="heap",id="G1 Old Gen"/ { heap += $NF }
    /^transform_streams_in_flight / { flight = $NF }
    END { printf "%.1f %.1f %d %d\n", rss / 1024, heap / 1048576, fds, flight }'
}
# What the server holds with no stream in flight. In-flight streams make samples under load swing by
# tens of MiB, so the verdict compares these idle readings, before and after the run.
idle() {
  stop_clients
  wait "${clients[@]}" 2> /dev/null || true
  until [ "$(curl -s "$url/q/metrics" | awk '/^transform_streams_in_flight / { print $NF }')" = 0.0 ]; do sleep 0.2; done
  sleep 1
  reading
}
start_clients
sleep "$WARMUP" # the JIT, the heap and Netty's pools settle first
read -r rss0 heap0 fds0 _ < <(idle)
start_clients

samples="$out/samples.tsv"
printf 'seconds\trss_mib\told_gen_after_gc_mib\topen_fds\tin_flight\n' > "$samples"
for elapsed in $(seq "$SAMPLE" "$SAMPLE" "$RUN"); do
  sleep "$SAMPLE"
  read -r rss heap fds flight < <(reading)
  printf '%s\t%s\t%s\t%s\t%s\n' "$elapsed" "$rss" "$heap" "$fds" "$flight" >> "$samples"
done
read -r rss1 heap1 fds1 _ < <(idle)

column -t "$samples"
streams=$(cat "$out"/client-* | awk '{ n += $1; bad += $2 } END { print n " streams, " bad " with wrong output" }')
echo "$CLIENTS clients, ${RUN} s under load after a ${WARMUP} s warm-up: $streams"
echo "idle before -> idle after: RSS $rss0 -> $rss1 MiB, live heap $heap0 -> $heap1 MiB, open files $fds0 -> $fds1"
if awk -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" -v f0="$fds0" -v f1="$fds1" \
    'BEGIN { exit !(r1 > r0 * 1.05 + 8 || h1 > h0 * 1.10 + 2 || f1 > f0 + 2) }'; then
  echo "GROWTH: the service holds more idle after the run than before it"
  exit 1
fi
echo "no growth"
