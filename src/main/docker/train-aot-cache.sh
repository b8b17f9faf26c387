#!/usr/bin/env bash
# Makes a JDK 25 AOT cache (JEP 483/514/515) for the packaged service: one training run that starts it, has it
# answer requests of every stage family, and stops it; the JVM writes the cache as it exits.
#   src/main/docker/train-aot-cache.sh <quarkus-app directory> <cache file>
#   JAVA=<jdk 25>/bin/java (default: java)  JAVA_OPTS='...' (as in production)  PORT=18096
# Then: java -XX:AOTCache=<cache file> -jar <quarkus-app directory>/quarkus-run.jar
# The cache holds the classes of the JVM's own class path: build with -Dquarkus.package.jar.type=aot-jar, which
# puts every jar there (the default fast-jar loads them through Quarkus's class loader, which the cache skips,
# and saves far less; docs/benchmarks.md, "Startup"). A cache is only valid for the same JDK build and the same
# jars; a JVM given one that is not says so and starts without it. Needs curl.
set -euo pipefail

app=${1:?usage: train-aot-cache.sh <quarkus-app directory> <cache file>}
cache=${2:?usage: train-aot-cache.sh <quarkus-app directory> <cache file>}
JAVA=${JAVA:-java}
PORT=${PORT:-18096}
url="http://127.0.0.1:$PORT/v1"
work=$(mktemp -d)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$JAVA" ${JAVA_OPTS:-} -XX:AOTCacheOutput="$cache" -Dquarkus.http.port="$PORT" -jar "$app/quarkus-run.jar" \
  > "$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

ready() { curl -s -o /dev/null -f -X POST --data-binary ab "$url/encode/hex"; }
for _ in $(seq 600); do # up to a minute
  ready && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
ready || { cat "$work/server.log" >&2; echo "the service did not answer on port $PORT" >&2; exit 1; }
post() { # endpoint, body file, output file
  curl -s -f -X POST -H 'Content-Type: application/octet-stream' --data-binary @"$2" -o "$3" "$url/$1"
}
# Inputs made by the service itself, so the image needs nothing but curl.
head -c 1048576 /dev/urandom > "$work/random"
post encode/hex "$work/random" "$work/hex"
post compress/gzip "$work/random" "$work/gz"
post encode/base64 "$work/random" "$work/base64"
for _ in $(seq 20); do
  for request in "slice?offset=3 random" "encode/base64 random" "decode/base64 base64" "decode/hex hex" \
      "compress/gzip random" "decompress/gzip gz" "digest random" "digest?algorithm=crc32c random" \
      "pipeline?step=encode:hex random"; do
    post "${request% *}" "$work/${request#* }" /dev/null
  done
done

kill "$pid"
wait "$pid" || true # a SIGTERMed JVM exits 143; the cache is written before it does
[ -s "$cache" ] || { cat "$work/server.log" >&2; echo "no cache written to $cache" >&2; exit 1; }
echo "AOT cache: $cache ($(du -m "$cache" | cut -f1) MB)"
