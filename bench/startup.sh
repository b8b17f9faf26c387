#!/usr/bin/env bash
# JVM start to the first answered transform: JDK 17 and 25; JDK 25's AOT cache (JEP 483/514/515) with the
# default fast-jar packaging and with aot-jar (every jar on the JVM's class path, where the cache can hold its
# classes); and the build without the OpenAPI endpoint (-Dno-openapi-endpoint), whose document Quarkus
# otherwise builds on the main thread before the first request:
#   bench/startup.sh                         # RUNS=5; JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
# Packages the four builds (each copied to target/startup-bench/, the default one last so target/quarkus-app
# stays the default), makes each cache with one training run on JDK 25 (src/main/docker/train-aot-cache.sh),
# then starts every variant RUNS times in turn (so all see the same machine) and prints the median
# milliseconds from process start to the first successful POST /v1/encode/hex.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT=${PORT:-18097}
out=target/startup-bench
url="http://localhost:$PORT"
[ -x "$JDK25/bin/java" ] || { echo "no JDK 25 at $JDK25 (set JDK25)" >&2; exit 1; }
mkdir -p "$out"
package() { # build name, then Maven options; leaves a copy of the packaged service in $out/<name>
  ./mvnw -B -q package -Dmaven.test.skip=true "${@:2}" > /dev/null
  rm -rf "${out:?}/$1"
  cp -r target/quarkus-app "$out/$1"
}
package aot-jar -Dquarkus.package.jar.type=aot-jar
package aot-jar-lean -Dquarkus.package.jar.type=aot-jar -Dno-openapi-endpoint
package lean -Dno-openapi-endpoint
package default
for build in default aot-jar aot-jar-lean; do
  JAVA=$JDK25/bin/java JAVA_OPTS=-Xmx128m PORT=$PORT src/main/docker/train-aot-cache.sh "$out/$build" "$out/$build.aot" > /dev/null
done

first_answer() { # build, java, then its options; prints milliseconds, leaves the server running (its pid in $out/pid)
  local app=$out/$1 start
  start=$(date +%s%N)
  "${@:2}" -Xmx128m -Dquarkus.http.port="$PORT" -jar "$app/quarkus-run.jar" > "$out/server.log" 2>&1 &
  echo $! > "$out/pid"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary ab "$url/v1/encode/hex" || true)" = 200 ]; do
    sleep 0.005
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
stop() { # SIGTERM, then waits for the exit
  local pid
  pid=$(cat "$out/pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
variants=(
  "default|java"
  "default|$JDK25/bin/java"
  "default|$JDK25/bin/java -XX:AOTCache=$out/default.aot"
  "aot-jar|$JDK25/bin/java -XX:AOTCache=$out/aot-jar.aot"
  "lean|java"
  "aot-jar-lean|$JDK25/bin/java -XX:AOTCache=$out/aot-jar-lean.aot"
)
declare -A runs
for run in $(seq "$RUNS"); do
  for variant in "${variants[@]}"; do
    # shellcheck disable=SC2086 # the java command and its options, split on purpose
    runs[$variant]+="$(first_answer "${variant%%|*}" ${variant#*|}) "
    stop
  done
done
echo "$(java -version 2>&1 | head -1) as java; $("$JDK25/bin/java" -version 2>&1 | head -1) as JDK 25"
echo "| build | JVM | first answer, median ms | runs |"
echo "| --- | --- | ---: | --- |"
for variant in "${variants[@]}"; do
  build=${variant%%|*} jvm=${variant#*|}
  case $build in
    default) build="fast-jar (the default)" ;;
    lean) build="fast-jar, -Dno-openapi-endpoint" ;;
    aot-jar-lean) build="aot-jar, -Dno-openapi-endpoint" ;;
  esac
  jvm=${jvm//$JDK25\/bin\/java/JDK 25}
  jvm=${jvm//-XX:AOTCache=$out\/*.aot/with its AOT cache}
  # shellcheck disable=SC2086 # the runs, one per word
  echo "| $build | $jvm | $(median ${runs[$variant]}) | ${runs[$variant]% } |"
done
