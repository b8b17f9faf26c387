#!/usr/bin/env bash
# The HTTP benchmark, one command from a fresh clone:
#   bench/http.sh                                  # 1 GiB input, 3 runs: about 15 minutes on 2 cores
#   SIZE=268435456 RUNS=1 bench/http.sh            # a quick look
# Builds the service and the bench classes, writes the inputs (target/http-bench/, kept for the next
# run), measures the JDK primitives in-process on the same bytes (bench/.../InProcess.java), starts
# the packaged service at -Xmx$HEAP and then:
#   - startup: milliseconds from the java process's start to its first successful transform;
#   - memory: RSS after streaming 1 MiB, then the peak RSS while streaming 4 GiB through base64;
#   - every stage and a typical pipeline, after WARMUP seconds of uncounted runs (default 5; at least one run)
#     on each server measured (the JVM's C2 compiler keeps recompiling the HTTP path for the first gigabyte
#     or so of a new kind of request; docs/benchmarks.md "Warm-up"), RUNS times each (zstd, brotli, lz4, bzip2, xz and snappy beside their reference coders,
#     where installed, as their primitives): curl uploads the file (-T, streamed from
#     disk, Content-Length framed) and discards the output; the table has the median MB/s of input
#     (of decompressed output for decompress and the pipeline, as for the primitive), its ratio to
#     the primitive, the server's peak RSS (VmHWM, reset before each stage) and the heap it allocated
#     per byte (Micrometer's jvm_gc_memory_allocated_bytes_total plus what eden holds now);
#   - the same requests, as many runs, to the Node.js peer (bench/node-peer.js, started on NODE_PORT
#     beside the service, idle while the service is measured and the other way round): its median
#     MB/s and the service's over it; skipped, with a note, where there is no `node`;
#   - gzip at one thread per stream (a second service, transform.deflate.threads-per-stream=1, started
#     for those rows only): the parallel rows' baseline;
#   - 8 concurrent streams of mixed stages: aggregate MB/s;
#   - send-first clients (bench/send_first.py, Python's http.client: the whole body, then the answer)
#     through slice, encode/hex and gunzip: MB/s, peak RSS and the bytes the spool wrote to disk.
#   - with --native: the same requests, as many runs, to the native executable (NATIVE=<file>, else built
#     once by .ci/native-check into target/http-bench/transform-native, about 7 minutes, a measuring aid,
#     never shipped): its MB/s and peak RSS beside the JVM's, its startup and RSS.
# curl runs on the same cores as the server, as a client on the same host would; to give the server cores
# of its own, pin both: SERVER_CPUS=0 CLIENT_CPUS=1 bench/http.sh (taskset lists; the JVM sizes itself to its
# CPUs), which docs/benchmarks.md's capacity table uses for its one-core column.
# The JVM is JAVA_HOME's where set, else the java on the PATH; the JVM image runs JDK 25, so to measure what
# it ships: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/http.sh (it builds with that JDK too).
set -euo pipefail
cd "$(dirname "$0")/.."

native=
if [ "${1:-}" = --native ]; then
  native=${NATIVE:-target/http-bench/transform-native}
elif [ $# -gt 0 ]; then
  echo "usage: bench/http.sh [--native]" >&2
  exit 2
fi
SIZE=${SIZE:-1073741824}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-5}
HEAP=${HEAP:-128m}
PORT=${PORT:-18080}
NODE_PORT=${NODE_PORT:-$((PORT + 1))}
SINGLE_PORT=${SINGLE_PORT:-$((PORT + 2))}
NATIVE_PORT=${NATIVE_PORT:-$((PORT + 3))}
server_cpus=() client_cpus=()
[ -z "${SERVER_CPUS:-}" ] || server_cpus=(taskset -c "$SERVER_CPUS")
[ -z "${CLIENT_CPUS:-}" ] || client_cpus=(taskset -c "$CLIENT_CPUS")
out=target/http-bench
data=$out/data-$SIZE
mkdir -p "$out"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

./mvnw -B -q package -DskipTests
if [ -n "$native" ] && [ ! -x "$native" ]; then
  NATIVE_KEEP="$PWD/$native" .ci/native-check > "$out/native-build.log" 2>&1 ||
    { echo "bench: the native build failed; see $out/native-build.log" >&2; exit 1; }
fi
./mvnw -B -q -Pbench -DskipTests process-test-classes
classpath="target/bench/test-classes:target/bench/classes:$(cat target/bench/classpath.txt)"
[ -f "$data/data.gz" ] && [ -f "$data/data.hex" ] || "$java" -cp "$classpath" dev.transform.bench.InProcess generate "$data" "$SIZE"
"$java" -Xmx2g -cp "$classpath" dev.transform.bench.InProcess measure "$data" > "$out/primitives.txt"
calc() { awk "BEGIN { printf \"%.6f\", $* }"; }

# zstd, brotli, lz4, bzip2 and xz against their reference CLIs (Debian's zstd, brotli, lz4, bzip2, xz-utils;
# xz on one thread) and snappy against python-cramjam's framing coder, on the same bytes: each tool's MB/s
# (of uncompressed bytes) joins primitives.txt as the "primitive" of its rows. Without a tool its rows are
# left out of the table.
cli_rows=""
cli() { # name, input file, command...: appends "name MB/s" to primitives.txt
  local t0 t1; t0=$(date +%s%N); "${@:3}" < "$2" > /dev/null; t1=$(date +%s%N)
  echo "$1 $(calc "$SIZE / (($t1 - $t0) / 1000000000) / 1000000")" >> "$out/primitives.txt"
}
snappy_cli=(python3 -c 'import sys, cramjam; sys.stdout.buffer.write(bytes(getattr(cramjam.snappy, sys.argv[1])(sys.stdin.buffer.read())))')
for tool in zstd brotli lz4 bzip2 xz snappy; do
  if [ "$tool" = snappy ] && ! python3 -c 'import cramjam' 2> /dev/null; then
    echo "bench: cramjam is not installed (python3 -m pip install cramjam): the snappy rows are left out"
    continue
  elif [ "$tool" != snappy ] && ! command -v "$tool" > /dev/null; then
    echo "bench: $tool is not installed (apt-get install $tool): its rows are left out"
    continue
  fi
  case $tool in
    zstd) ext=zst; compress=(zstd -q -c -3); decompress=(zstd -q -d -c); level="" ;;
    brotli) ext=br; compress=(brotli -c -q 6); decompress=(brotli -d -c); level="?level=6" ;;
    lz4) ext=lz4; compress=(lz4 -q -c -1); decompress=(lz4 -q -d -c); level="?level=1" ;;
    bzip2) ext=bz2; compress=(bzip2 -c -1); decompress=(bzip2 -d -c); level="?level=1" ;;
    xz) ext=xz; compress=(xz -c -1 -T1); decompress=(xz -d -c -T1); level="?level=1" ;;
    snappy) ext=sz; compress=("${snappy_cli[@]}" compress); decompress=("${snappy_cli[@]}" decompress); level="" ;;
  esac
  [ -f "$data/data.$ext" ] || "${compress[@]}" < "$data/data.bin" > "$data/data.$ext"
  cli "$tool-compress" "$data/data.bin" "${compress[@]}"
  cli "$tool-decompress" "$data/data.$ext" "${decompress[@]}"
  cli_rows+="
compress $tool${level:+ ${level#?}}|compress/$tool$level|data.bin|$SIZE|$tool-compress|alone
decompress $tool|decompress/$tool|data.$ext|$SIZE|$tool-decompress|alone"
done
primitive() { awk -v name="$1" '$1 == name { print $2 }' "$out/primitives.txt"; }

url="http://localhost:$PORT"
node_url="http://localhost:$NODE_PORT"
single_url="http://localhost:$SINGLE_PORT"
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "$1/v1/encode/hex" || true)" = 200 ]; }
start=$(date +%s%N)
${server_cpus[@]+"${server_cpus[@]}"} "$java" "-Xmx$HEAP" -Dquarkus.http.port="$PORT" -jar target/quarkus-app/quarkus-run.jar > "$out/server.log" 2>&1 &
pid=$!
node_pid=
single_pid=
native_pid=
trap 'kill $pid $node_pid $single_pid $native_pid 2>/dev/null || true' EXIT
until answers "$url"; do
  sleep 0.005
done
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
native_url="http://localhost:$NATIVE_PORT"
if [ -n "$native" ]; then
  start=$(date +%s%N)
  ${server_cpus[@]+"${server_cpus[@]}"} "$native" "-Xmx$HEAP" -Dquarkus.http.port="$NATIVE_PORT" > "$out/native.log" 2>&1 &
  native_pid=$!
  until answers "$native_url"; do
    sleep 0.002
  done
  native_startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
fi
if command -v node > /dev/null; then
  ${server_cpus[@]+"${server_cpus[@]}"} node bench/node-peer.js "$NODE_PORT" > "$out/node.log" 2>&1 &
  node_pid=$!
  until answers "$node_url"; do
    sleep 0.05
  done
fi

kib() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/${2:-$pid}/status"; } # field, pid (default: the service)
allocated() { # of the service at $1 (default: the main one)
  curl -s "${1:-$url}/q/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total / { total += $2 }
    /^jvm_memory_used_bytes\{.*Eden/ { total += $NF } END { printf "%.0f", total }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
post() { # endpoint, then curl's upload options; prints seconds
  post_to "$url" "$@"
}
post_to() { # base URL, endpoint, then curl's upload options; prints seconds
  ${client_cpus[@]+"${client_cpus[@]}"} curl -sS -f -o /dev/null -H 'Expect:' -H 'Content-Type: application/octet-stream' -X POST \
    -w '%{time_total}' "${@:3}" "$1/v1/$2"
}
warm_up() { # base URL, endpoint, file: uncounted runs until WARMUP seconds have passed, at least one
  local until=$(( $(date +%s) + WARMUP ))
  post_to "$1" "$2" -T "$3" > /dev/null
  while [ "$(date +%s)" -lt "$until" ]; do
    post_to "$1" "$2" -T "$3" > /dev/null
  done
}

head -c 1048576 "$data/data.bin" > "$out/1m.bin"
post encode/base64 -T "$out/1m.bin" > /dev/null
rss_1m=$(kib VmRSS)
echo 5 > "/proc/$pid/clear_refs" # resets VmHWM
{ for copy in $(seq $(( 4294967296 / SIZE + 1 ))); do cat "$data/data.bin"; done 2> /dev/null || true; } | head -c 4294967296 |
  post encode/base64 -T - > /dev/null
hwm_4g=$(kib VmHWM)
if [ -n "$native" ]; then
  post_to "$native_url" encode/base64 -T "$out/1m.bin" > /dev/null
  native_rss_1m=$(kib VmRSS "$native_pid")
fi

# name | endpoint | input file | bytes counted (input: the file's size) | primitive | server (service, beside the Node peer; alone: the service,
# no peer row; single: a service with one deflate thread per stream)
stages="slice|slice?offset=1|data.bin|$SIZE|copy|service
encode base64|encode/base64|data.bin|$SIZE|base64-encode|service
encode hex|encode/hex|data.bin|$SIZE|hex-encode|service
decode base64|decode/base64|data.b64|input|base64-decode|service
decode hex|decode/hex|data.hex|input|hex-decode|service
compress gzip level 1|compress/gzip?level=1|data.bin|$SIZE|deflate-1|service
compress gzip level 6|compress/gzip?level=6|data.bin|$SIZE|deflate-6|service
compress gzip level 1, 1 thread per stream|compress/gzip?level=1|data.bin|$SIZE|deflate-1|single
compress gzip level 6, 1 thread per stream|compress/gzip?level=6|data.bin|$SIZE|deflate-6|single
decompress gzip|decompress/gzip|data.gz|$SIZE|inflate|service
digest sha-256|digest?algorithm=sha-256|data.bin|$SIZE|sha-256|service
digest crc32c|digest?algorithm=crc32c|data.bin|$SIZE|crc32c|service
pipeline gunzip, slice, base64|pipeline?step=decompress:gzip&step=slice:offset=1000&step=encode:base64|data.gz|$SIZE|inflate+base64|service$cli_rows"

table="$out/results.md"
{
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
    "$("$java" -version 2>&1 | head -1); server -Xmx$HEAP${SERVER_CPUS:+ on CPU $SERVER_CPUS}${CLIENT_CPUS:+, clients on CPU $CLIENT_CPUS}; input $SIZE bytes, $RUNS runs (median) after ${WARMUP} s of warm-up per row and server."
  echo
  echo "| stage | MB/s | primitive MB/s | ratio | node MB/s | service / node | server peak RSS MiB | server heap B/byte |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$table"
native_table="$out/native.md"
{
  echo
  echo "Native executable (--native: $native), the same requests, beside the JVM's rows above:"
  echo
  echo "| stage | JVM MB/s | native MB/s | native / JVM | JVM peak RSS MiB | native peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
} > "$native_table"
while IFS='|' read -r name endpoint file counted prim server; do
  [ "$counted" = input ] && counted=$(stat -c %s "$data/$file")
  target=$url target_pid=$pid
  if [ "$server" = single ]; then
    if [ -z "$single_pid" ]; then
      ${server_cpus[@]+"${server_cpus[@]}"} "$java" "-Xmx$HEAP" -Dquarkus.http.port="$SINGLE_PORT" -Dtransform.deflate.threads-per-stream=1 \
        -jar target/quarkus-app/quarkus-run.jar > "$out/server-single.log" 2>&1 &
      single_pid=$!
      until answers "$single_url"; do
        sleep 0.05
      done
    fi
    target=$single_url target_pid=$single_pid
  fi
  speeds=() allocs=() node_speeds=() native_speeds=() peak=0 native_peak=0
  warm_up "$target" "$endpoint" "$data/$file"
  [ -z "$node_pid" ] || [ "$server" != service ] || warm_up "$node_url" "$endpoint" "$data/$file"
  [ -z "$native_pid" ] || [ "$server" = single ] || warm_up "$native_url" "$endpoint" "$data/$file"
  for run in $(seq "$RUNS"); do
    before=$(allocated "$target")
    echo 5 > "/proc/$target_pid/clear_refs"
    seconds=$(post_to "$target" "$endpoint" -T "$data/$file")
    after=$(allocated "$target")
    hwm=$(kib VmHWM "$target_pid")
    [ "$hwm" -gt "$peak" ] && peak=$hwm
    speeds+=("$(calc "$counted / $seconds / 1000000")")
    allocs+=("$(calc "($after - $before) / $counted")")
    if [ -n "$node_pid" ] && [ "$server" = service ]; then
      node_speeds+=("$(calc "$counted / $(post_to "$node_url" "$endpoint" -T "$data/$file") / 1000000")")
    fi
    if [ -n "$native_pid" ] && [ "$server" != single ]; then
      echo 5 > "/proc/$native_pid/clear_refs"
      native_speeds+=("$(calc "$counted / $(post_to "$native_url" "$endpoint" -T "$data/$file") / 1000000")")
      hwm=$(kib VmHWM "$native_pid")
      [ "$hwm" -gt "$native_peak" ] && native_peak=$hwm
    fi
  done
  speed=$(median "${speeds[@]}")
  node_speed=– versus=–
  if [ ${#node_speeds[@]} -gt 0 ]; then
    node_speed=$(median "${node_speeds[@]}")
    versus=$(printf '%.2f' "$(calc "$speed / $node_speed")")
    node_speed=$(printf '%.0f' "$node_speed")
  fi
  printf '| %s | %.0f | %.0f | %.2f | %s | %s | %.0f | %.3f |\n' "$name" "$speed" "$(primitive "$prim")" \
    "$(calc "$speed / $(primitive "$prim")")" "$node_speed" "$versus" "$(calc "$peak / 1024")" \
    "$(median "${allocs[@]}")" >> "$table"
  if [ ${#native_speeds[@]} -gt 0 ]; then
    native_speed=$(median "${native_speeds[@]}")
    printf '| %s | %.0f | %.0f | %.2f | %.0f | %.0f |\n' "$name" "$speed" "$native_speed" "$(calc "$native_speed / $speed")" \
      "$(calc "$peak / 1024")" "$(calc "$native_peak / 1024")" >> "$native_table"
  fi
done <<< "$stages"
if [ -n "$native_pid" ]; then
  {
    cat "$native_table"
    echo
    printf 'Native startup (process start to first transform answered): %d ms (JVM: %d ms); RSS after streaming 1 MiB: %.0f MiB (JVM: %.0f MiB).\n' \
      "$native_startup_ms" "$startup_ms" "$(calc "$native_rss_1m / 1024")" "$(calc "$rss_1m / 1024")"
  } >> "$table"
  kill "$native_pid"
  wait "$native_pid" 2> /dev/null || true
  native_pid=
fi
if [ -n "$single_pid" ]; then
  kill "$single_pid"
  wait "$single_pid" 2> /dev/null || true
  single_pid=
fi
[ -n "$node_pid" ] || echo $'\nNo `node` on the PATH: the Node.js columns are empty.' >> "$table"

spooled() { curl -s "$url/q/metrics" | awk '/^transform_spooled_bytes_total / { printf "%.0f", $2 }'; }
{
  echo
  echo "Send-first client (bench/send_first.py: the whole body, then the answer; $RUNS runs, median):"
  echo
  echo "| stage | MB/s | server peak RSS MiB | spooled to disk MiB |"
  echo "| --- | ---: | ---: | ---: |"
} >> "$table"
for row in "slice|slice?offset=1|data.bin" "encode hex|encode/hex|data.bin" "decompress gzip|decompress/gzip|data.gz"; do
  IFS='|' read -r name endpoint file <<< "$row"
  speeds=() peak=0 before=$(spooled)
  for run in $(seq "$RUNS"); do
    echo 5 > "/proc/$pid/clear_refs"
    read -r seconds _ <<< "$(${client_cpus[@]+"${client_cpus[@]}"} python3 bench/send_first.py "$url/v1/$endpoint" "$data/$file")"
    hwm=$(kib VmHWM)
    [ "$hwm" -gt "$peak" ] && peak=$hwm
    speeds+=("$(calc "$SIZE / $seconds / 1000000")")
  done
  printf '| %s | %.0f | %.0f | %.0f |\n' "$name" "$(median "${speeds[@]}")" "$(calc "$peak / 1024")" \
    "$(calc "($(spooled) - $before) / $RUNS / 1048576")" >> "$table"
done

concurrent_start=$(date +%s%N)
clients=()
for endpoint in slice encode/base64 "compress/gzip?level=1" "digest?algorithm=sha-256" \
    "slice?offset=7" encode/hex "digest?algorithm=crc32c" "pipeline?step=encode:base64&step=decode:base64"; do
  post "$endpoint" -T "$data/data.bin" > /dev/null &
  clients+=($!)
done
wait "${clients[@]}"
concurrent_s=$(calc "($(date +%s%N) - $concurrent_start) / 1000000000")

{
  echo
  printf '8 concurrent streams (slice x2, base64, hex, gzip level 1, sha-256, crc32c, base64 round trip), %s bytes each: %.0f MB/s aggregate.\n' \
    "$SIZE" "$(calc "8 * $SIZE / $concurrent_s / 1000000")"
  echo
  printf 'Startup (JVM, process start to first transform answered): %d ms.\n' "$startup_ms"
  echo
  printf 'RSS after streaming 1 MiB: %.0f MiB; peak RSS while streaming 4 GiB through base64: %.0f MiB (+%.0f MiB).\n' \
    "$(calc "$rss_1m / 1024")" "$(calc "$hwm_4g / 1024")" "$(calc "($hwm_4g - $rss_1m) / 1024")"
} >> "$table"
cat "$table"
