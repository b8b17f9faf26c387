#!/usr/bin/env bash
# Swagger UI's "Try it out" in a real browser: Debian's headless Chromium, driven by playwright-core from npm
# (src/test/browser/swagger-try-it.mjs), against the packaged service on a random port. Run by `./mvnw verify`.
# Without Chromium (or node/npm) it says SKIPPED loudly and passes, except under CI=true, where it installs
# Chromium (apt-get, as root) or fails.
set -uo pipefail
cd "$(dirname "$0")/../../.."
work=target/swagger-ui-browser
chromium="${CHROMIUM:-/usr/bin/chromium}"
skip() {
  if [ "${CI:-}" = true ]; then echo "[swagger-ui] FAILED: $1 (CI must run the browser test)"; exit 1; fi
  echo "[swagger-ui] *** SKIPPED: $1 ***"; exit 0
}
if [ ! -x "$chromium" ] && [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[swagger-ui] installing Debian's chromium"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1
fi
[ -x "$chromium" ] || skip "no Chromium at $chromium (apt-get install chromium)"
command -v node >/dev/null && command -v npm >/dev/null || skip "node/npm are not available"
mkdir -p "$work"
cp src/test/browser/swagger-try-it.mjs "$work/"
( cd "$work" && [ -d node_modules/playwright-core ] || npm install --silent --no-audit --no-fund playwright-core@1 >/dev/null 2>&1 ) \
  || skip "npm could not install playwright-core"

# Bytes a text field would mangle (NUL, 0xFF, CR LF), so the page must really send the file; coreutils is the oracle.
printf 'Try it out\000\377\r\n%s' "$(date +%s)" > "$work/upload.bin"
expected=$(base64 -w0 "$work/upload.bin")

log="$work/service.log"
java -Dquarkus.http.port=0 -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  port=$(grep -oE 'Listening on: http://[^ ]+:[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "${port:-}" ] || { echo "[swagger-ui] the service did not start:"; cat "$log"; exit 1; }
echo "[swagger-ui] $("$chromium" --version 2>/dev/null) + playwright-core $(node -p 'require("./'"$work"'/node_modules/playwright-core/package.json").version') against :$port"
CHROMIUM="$chromium" node "$work/swagger-try-it.mjs" "http://localhost:$port" "$work/upload.bin" "$expected"
