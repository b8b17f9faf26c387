#!/usr/bin/env bash
# What one core of the server does per stage, for sizing deployments (docs/benchmarks.md, "Capacity"):
#   bench/capacity.sh                 # SIZE=268435456 RUNS=3 HEAP=128m; uses bench/http.sh's inputs, if written
# Streams each input through each stage with curl -T, as bench/http.sh does, and reads the server's own CPU
# time (utime + stime of the java process, /proc/<pid>/stat) before and after: MB of plain bytes per
# CPU-second of the server is what one core sustains with the client elsewhere. Run it on a quiet machine: on
# this VM a second busy process inflated the server's CPU time per byte up to 3x (the hypervisor's steal is
# counted as the process's time). Prints the median of RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-268435456}
RUNS=${RUNS:-3}
HEAP=${HEAP:-128m}
PORT=${PORT:-18098}
out=target/http-bench
data=$out/data-$SIZE
url="http://localhost:$PORT"
mkdir -p "$out"

./mvnw -B -q package -DskipTests
if [ ! -f "$data/data.gz" ]; then
  ./mvnw -B -q -Pbench -DskipTests process-test-classes
  java -cp "target/bench/test-classes:target/bench/classes:$(cat target/bench/classpath.txt)" \
    dev.transform.bench.InProcess generate "$data" "$SIZE"
fi
java "-Xmx$HEAP" -Dquarkus.http.port="$PORT" -jar target/quarkus-app/quarkus-run.jar > "$out/capacity-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "$url/v1/encode/hex" || true)" = 200 ]; do
  sleep 0.05
done

ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
calc() { awk "BEGIN { printf \"%.6f\", $* }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); $(java -version 2>&1 | head -1);" \
  "server -Xmx$HEAP; $SIZE bytes, $RUNS runs (median)."
echo
echo "| stage | MB per server CPU-second |"
echo "| --- | ---: |"
while IFS='|' read -r name endpoint file; do
  rates=()
  for run in 0 $(seq "$RUNS"); do # run 0 warms the stage up and is not counted
    before=$(cpu_ticks)
    curl -sS -f -o /dev/null -H 'Expect:' -H 'Content-Type: application/octet-stream' -X POST \
      -T "$data/$file" "$url/v1/$endpoint"
    [ "$run" = 0 ] || rates+=("$(calc "$SIZE / (($(cpu_ticks) - $before) / $ticks_per_second) / 1000000")")
  done
  printf '| %s | %.0f |\n' "$name" "$(median "${rates[@]}")"
done <<'EOF'
slice|slice?offset=1|data.bin
encode base64|encode/base64|data.bin
encode hex|encode/hex|data.bin
decode base64|decode/base64|data.b64
compress gzip level 1|compress/gzip?level=1|data.bin
compress gzip level 6|compress/gzip?level=6|data.bin
decompress gzip|decompress/gzip|data.gz
digest sha-256|digest?algorithm=sha-256|data.bin
digest crc32c|digest?algorithm=crc32c|data.bin
EOF
