#!/usr/bin/env bash
# Many gzip streams at once, two services side by side: the issue's "8 concurrent streams at least as fast in
# aggregate" measured with a control. Both services run at once (an idle one costs nothing); each round sends
# STREAMS concurrent `curl -T` uploads of the same INPUT bytes to one of them, then to the other, the order
# swapped every round; per round it prints the aggregate MB/s and the service's CPU seconds (/proc/<pid>/stat),
# and at the end the median of B / A and both CPU totals.
#   bench/streams.sh                                          # A: the default, B: one deflate thread per stream
#   B_OPTS=-Dtransform.deflate.threads-per-stream=1 A_OPTS=-Dtransform.deflate.threads-per-stream=1 bench/streams.sh   # the control
#   A_JAR=../before/target/quarkus-app/quarkus-run.jar B_OPTS= bench/streams.sh                                          # two builds
# HOLD=1 first opens one slow upload on each service and keeps it open, so every stream starts beside another.
# Uses bench/http.sh's data.bin (run it once first): its first INPUT bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

LEVEL=${LEVEL:-6}
ROUNDS=${ROUNDS:-7}
STREAMS=${STREAMS:-8}
INPUT=${INPUT:-67108864}
A_JAR=${A_JAR:-target/quarkus-app/quarkus-run.jar} A_OPTS=${A_OPTS-}
B_JAR=${B_JAR:-target/quarkus-app/quarkus-run.jar} B_OPTS=${B_OPTS--Dtransform.deflate.threads-per-stream=1}
data=$(ls -d target/http-bench/data-*/data.bin 2> /dev/null | head -1)
[ -n "$data" ] || { echo "no target/http-bench/data-*/data.bin: run bench/http.sh first" >&2; exit 1; }
input=target/http-bench/streams-$INPUT.bin
[ -f "$input" ] || head -c "$INPUT" "$data" > "$input"
url="compress/gzip?level=$LEVEL"

pids=()
trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT
# shellcheck disable=SC2086 # the options are words
java -Xmx256m -Dquarkus.http.port=18191 $A_OPTS -jar "$A_JAR" > target/http-bench/streams-a.log 2>&1 & a=$!
# shellcheck disable=SC2086
java -Xmx256m -Dquarkus.http.port=18192 $B_OPTS -jar "$B_JAR" > target/http-bench/streams-b.log 2>&1 & b=$!
pids+=("$a" "$b")
for port in 18191 18192; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "localhost:$port/v1/encode/hex" || true)" = 200 ]; do
    sleep 0.1
  done
  if [ -n "${HOLD:-}" ]; then
    curl -s -o /dev/null -H 'Expect:' -X POST --limit-rate 10k -T "$input" "localhost:$port/v1/$url" &
    pids+=($!)
  fi
done

cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in clock ticks
round() { # port, pid: prints "MB/s CPU-seconds"
  local c0 t0 uploads=()
  c0=$(cpu "$2") t0=$(date +%s%N)
  for _ in $(seq "$STREAMS"); do
    curl -sS -f -o /dev/null -H 'Expect:' -H 'Content-Type: application/octet-stream' -X POST -T "$input" \
      "localhost:$1/v1/$url" &
    uploads+=($!)
  done
  wait "${uploads[@]}"
  awk -v ns=$(($(date +%s%N) - t0)) -v ticks=$(($(cpu "$2") - c0)) -v bytes=$((STREAMS * INPUT)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f %.2f", bytes / (ns / 1e9) / 1e6, ticks / hz }'
}

round 18191 "$a" > /dev/null
round 18192 "$b" > /dev/null
echo "$STREAMS x $INPUT bytes to $url; A: ${A_OPTS:-default} ($A_JAR), B: ${B_OPTS:-default} ($B_JAR)"
echo "| round | A MB/s | A CPU s | B MB/s | B CPU s | B / A |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
ratios=() a_cpu=0 b_cpu=0
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then x=$(round 18191 "$a"); y=$(round 18192 "$b"); else y=$(round 18192 "$b"); x=$(round 18191 "$a"); fi
  read -r xs xc <<< "$x"
  read -r ys yc <<< "$y"
  ratio=$(awk -v x="$xs" -v y="$ys" 'BEGIN { printf "%.3f", y / x }')
  ratios+=("$ratio")
  a_cpu=$(awk -v s="$a_cpu" -v c="$xc" 'BEGIN { print s + c }') b_cpu=$(awk -v s="$b_cpu" -v c="$yc" 'BEGIN { print s + c }')
  echo "| $r | $xs | $xc | $ys | $yc | $ratio |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "B / A median $median; CPU seconds A $a_cpu, B $b_cpu"
