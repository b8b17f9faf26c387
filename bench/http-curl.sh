#!/usr/bin/env bash
# Streams a file through each endpoint of the packaged service with curl and prints MB/s of input
# and the server's peak RSS. Build first: ./mvnw -B package -DskipTests
#   bench/http-curl.sh [FILE]   (default: a generated 1 GiB file, half random, half text)
# curl shares the machine with the server, so on 2 cores these are end-to-end figures, not the
# service's ceiling.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-target/bench-1g.bin}
if [ ! -f "$file" ]; then
  (head -c 536870912 /dev/urandom
   yes "The quick brown fox jumps over the lazy dog; streaming bytes cost what they move. 0123456789" | head -c 536870912
  ) > "$file"
fi
port=${PORT:-18080}
java -Xmx256m -Dquarkus.http.port="$port" -jar target/quarkus-app/quarkus-run.jar > target/bench-server.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
until curl -s -o /dev/null "localhost:$port/q/health/live"; do sleep 0.2; done
size=$(stat -c %s "$file")
printf '%-24s %9s %8s\n' endpoint "MB/s in" seconds
for endpoint in slice encode/hex encode/base64 "compress/gzip?level=1" "compress/gzip?level=6" digest; do
  seconds=$(curl -s -o /dev/null -w '%{time_total}' -T "$file" -X POST "localhost:$port/v1/$endpoint")
  printf '%-24s %9.0f %8.2f\n' "$endpoint" "$(echo "$size / $seconds / 1000000" | bc -l)" "$seconds"
done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$pid/status)"
