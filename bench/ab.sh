#!/usr/bin/env bash
# Two builds of the service side by side, to tell a regression from the machine's drift: both servers run at
# once (an idle one costs nothing), and every stage alternates between them run by run, so both see the same
# moments of the machine. Uses bench/http.sh's inputs (run it once first, at the same SIZE).
#   git worktree add --detach ../before <commit> && (cd ../before && ./mvnw -B -q package -DskipTests)
#   ./mvnw -B -q package -DskipTests && bench/ab.sh ../before/target/quarkus-app target/quarkus-app
# Either side may be a native executable instead (NATIVE_KEEP=/tmp/transform-native .ci/native-check keeps one),
# or the Node.js peer, which serves the rows before snappy: ONLY='^(slice|encode|decode|digest|.*gzip)' bench/ab.sh bench/node-peer.js target/quarkus-app
# The bzip2 and xz rows run at 4 to 16 MB/s: give them a smaller SIZE (and ONLY), e.g. SIZE=33554432 ONLY='bzip2|xz'.
# ONLY=regex picks stages by name (ONLY='hex|crc'). Each stage starts with WARMUP seconds (default 5) of
# uncounted runs on each build, alternated, as bench/http.sh does.
# Prints, per stage, the median MB/s of each build (of the SIZE plain bytes: the input of encoders and
# compressors, the output of decoders) and after / before.
# A quarkus-app side runs on JAVA_HOME's JDK where set (else the java on the PATH), as in bench/http.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

before=$1 after=$2
SIZE=${SIZE:-1073741824}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-5}
HEAP=${HEAP:-128m}
data=target/http-bench/data-$SIZE
[ -f "$data/data.gz" ] || { echo "no inputs in $data: run SIZE=$SIZE bench/http.sh first" >&2; exit 1; }

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start() { # quarkus-app directory, native executable or Node.js script (bench/node-peer.js), port
  if [[ "$1" == *.js ]]; then
    node "$1" "$2" > "target/http-bench/ab-$2.log" 2>&1 &
  elif [ -f "$1" ]; then
    "$1" "-Xmx$HEAP" -Dquarkus.http.port="$2" > "target/http-bench/ab-$2.log" 2>&1 &
  else
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" "-Xmx$HEAP" -Dquarkus.http.port="$2" -jar "$1/quarkus-run.jar" > "target/http-bench/ab-$2.log" 2>&1 &
  fi
  pids+=($!)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "localhost:$2/v1/encode/hex" || true)" = 200 ]; do
    sleep 0.05
  done
}
start "$before" 18091
start "$after" 18092

calc() { awk "BEGIN { printf \"%.6f\", $* }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
speed() { # port, endpoint, file: MB/s of SIZE bytes
  local seconds
  seconds=$(curl -sS -f -o /dev/null -H 'Expect:' -H 'Content-Type: application/octet-stream' -X POST \
    -w '%{time_total}' -T "$data/$3" "localhost:$1/v1/$2")
  calc "$SIZE / $seconds / 1000000"
}

echo "| stage | before MB/s | after MB/s | after / before |"
echo "| --- | ---: | ---: | ---: |"
for row in "slice|slice?offset=1|data.bin" "encode base64|encode/base64|data.bin" "encode hex|encode/hex|data.bin" \
    "decode base64|decode/base64|data.b64" "decode hex|decode/hex|data.hex" "compress gzip level 1|compress/gzip?level=1|data.bin" \
    "decompress gzip|decompress/gzip|data.gz" "digest sha-256|digest?algorithm=sha-256|data.bin" \
    "digest crc32c|digest?algorithm=crc32c|data.bin" "compress snappy|compress/snappy|data.bin" \
    "decompress snappy|decompress/snappy|data.sz" "compress lz4 level=1|compress/lz4?level=1|data.bin" \
    "decompress lz4|decompress/lz4|data.lz4" "compress zstd|compress/zstd|data.bin" "decompress zstd|decompress/zstd|data.zst" \
    "compress brotli level=6|compress/brotli?level=6|data.bin" "decompress brotli|decompress/brotli|data.br" \
    "compress bzip2 level=1|compress/bzip2?level=1|data.bin" "decompress bzip2|decompress/bzip2|data.bz2" \
    "compress xz level=1|compress/xz?level=1|data.bin" "decompress xz|decompress/xz|data.xz"; do
  IFS='|' read -r name endpoint file <<< "$row"
  [[ -z "${ONLY:-}" || "$name" =~ $ONLY ]] || continue
  # The compressed inputs are bench/http.sh's, made where the format's CLI is installed (or by hand).
  [ -f "$data/$file" ] || { echo "| $name | no $data/$file | | |"; continue; }
  a=() b=() until=$(( $(date +%s) + WARMUP ))
  while [ "$(date +%s)" -lt "$until" ]; do
    speed 18091 "$endpoint" "$file" > /dev/null
    speed 18092 "$endpoint" "$file" > /dev/null
  done
  for run in $(seq "$RUNS"); do
    a+=("$(speed 18091 "$endpoint" "$file")")
    b+=("$(speed 18092 "$endpoint" "$file")")
  done
  printf '| %s | %.0f | %.0f | %.3f |\n' "$name" "$(median "${a[@]}")" "$(median "${b[@]}")" \
    "$(calc "$(median "${b[@]}") / $(median "${a[@]}")")"
done
