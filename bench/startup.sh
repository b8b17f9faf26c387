#!/usr/bin/env bash
# JVM start to the first answered transform, with and without JDK 25's AOT cache (JEP 483/514/515):
#   bench/startup.sh                         # RUNS=5; JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
# Builds the service, makes the cache with one training run on JDK 25 (java -XX:AOTCacheOutput=...: the JVM
# records while the service answers a few requests of every stage family, and writes the cache when it
# exits), then starts each variant RUNS times in turn (so all see the same machine) and prints the
# median milliseconds from process start to the first successful POST /v1/encode/hex.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT=${PORT:-18097}
out=target/startup-bench
app=target/quarkus-app
url="http://localhost:$PORT"
mkdir -p "$out"
[ -x "$JDK25/bin/java" ] || { echo "no JDK 25 at $JDK25 (set JDK25)" >&2; exit 1; }
./mvnw -B -q package -DskipTests

first_answer() { # java, then its options; prints milliseconds, leaves the server running (its pid in $out/pid)
  local start
  start=$(date +%s%N)
  "$@" -Xmx128m -Dquarkus.http.port="$PORT" -jar "$app/quarkus-run.jar" > "$out/server.log" 2>&1 &
  echo $! > "$out/pid"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "$url/v1/encode/hex" || true)" = 200 ]; do
    sleep 0.005
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
stop() { # SIGTERM, then waits for the exit (the training run writes its cache then)
  local pid
  pid=$(cat "$out/pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

# Training: every family once, so their classes and hot methods are in the cache.
rm -f "$out/app.aot"
first_answer "$JDK25/bin/java" -XX:AOTCacheOutput="$out/app.aot" > /dev/null
head -c 1048576 /dev/urandom > "$out/train.bin"
for endpoint in slice?offset=3 encode/base64 decode/hex compress/gzip decompress/gzip digest pipeline?step=encode:hex; do
  body="$out/train.bin"
  case $endpoint in
    decode/hex) xxd -p "$out/train.bin" | tr -d '\n' > "$out/train.hex"; body="$out/train.hex" ;;
    decompress/gzip) gzip -c "$out/train.bin" > "$out/train.gz"; body="$out/train.gz" ;;
  esac
  for i in $(seq 20); do curl -s -o /dev/null -f -X POST --data-binary @"$body" "$url/v1/$endpoint"; done
done
stop
ls -l "$out/app.aot" > /dev/null

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
default=() plain25=() aot25=()
for run in $(seq "$RUNS"); do
  default+=("$(first_answer java)"); stop
  plain25+=("$(first_answer "$JDK25/bin/java")"); stop
  aot25+=("$(first_answer "$JDK25/bin/java" -XX:AOTCache="$out/app.aot")"); stop
done
echo "| JVM | first answer, median ms | runs |"
echo "| --- | ---: | --- |"
echo "| $(java -version 2>&1 | head -1) | $(median "${default[@]}") | ${default[*]} |"
echo "| $("$JDK25/bin/java" -version 2>&1 | head -1) | $(median "${plain25[@]}") | ${plain25[*]} |"
echo "| the same with -XX:AOTCache ($(du -m "$out/app.aot" | cut -f1) MB cache) | $(median "${aot25[@]}") | ${aot25[*]} |"
