# Sourced by the scripts `./mvnw verify` runs (from the repository root): start_service TAG LOG starts
# the packaged service (target/quarkus-app) on a free port, logging to LOG, sets $pid, $port and $url,
# and stops it when the script exits (a script that stops it its own way sets its trap after this).
# SERVICE_OPTS adds JVM options (system properties) to the service's command line.
start_service() {
  local tag=$1 log=$2
  java ${SERVICE_OPTS:-} -Dquarkus.http.port=0 -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
  port=
  for _ in $(seq 1 150); do
    port=$(grep -oE 'Listening on: http://[^ ]+:[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1 || true)
    [ -n "$port" ] && break
    sleep 0.2
  done
  [ -n "$port" ] || { echo "[$tag] the service did not start:"; cat "$log"; exit 1; }
  url="http://localhost:$port"
  # The packaged service starts through dev.transform.Main, which hands the request-target check to the
  # framing filter: an invalid target is a problem document, not Quarkus's bare 400 (HttpConformanceTest
  # covers the cases; this proves the jar's entry point).
  local refused
  refused=$(curl -sS -o /dev/null -w '%{http_code} %{content_type}' --data-binary hi "$url/v1/slice?offset=%zz")
  [ "$refused" = "400 application/problem+json" ] ||
    { echo "[$tag] an invalid request target answered '$refused', not a 400 problem"; exit 1; }
}
