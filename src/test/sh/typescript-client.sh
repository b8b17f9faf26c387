#!/usr/bin/env bash
# Generates TypeScript types from openapi/openapi.yaml (openapi-typescript), compiles the small
# client in src/test/typescript against them (a spec change that breaks users' code fails here),
# and runs it against the packaged service. Run by `./mvnw verify`; SKIPPED loudly without npm,
# which fails under CI=true (src/test/sh/tools.sh).
#
# Usage: typescript-client.sh [none]: runs the client against the plain build's packaged service by
# default. A -Plambda build passes "none": its jar is a Lambda handler, which serves no HTTP port to
# run the client against (and the quarkus-run.jar there may be a stale plain build's), so it only
# generates the types and compiles the client against the spec, as the plain build does too.
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/test/sh/tools.sh
work=target/ts-client
jar=${1:-run}
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  skipped "[ts-client]" "node/npm are not available"; exit 0
fi
mkdir -p "$work"
cp src/test/typescript/client.mts "$work/"
( cd "$work" && [ -d node_modules/openapi-fetch ] || npm install --silent --no-audit --no-fund \
    openapi-typescript@7 openapi-fetch@0.13 typescript@5 @types/node@20 >/dev/null 2>&1 ) \
  || { skipped "[ts-client]" "npm could not install openapi-typescript/openapi-fetch"; exit 0; }
"$work/node_modules/.bin/openapi-typescript" openapi/openapi.yaml -o "$work/api.d.ts" --silent || exit 1
( cd "$work" && node_modules/.bin/tsc --strict --module nodenext --moduleResolution nodenext --target es2022 \
    --skipLibCheck --types node client.mts ) || { echo "[ts-client] the client does not compile against the spec"; exit 1; }

if [ "$jar" = none ]; then
  echo "[ts-client] the client compiles against the spec; not run: this build serves no HTTP port"; exit 0
fi
. src/test/sh/service.sh
start_service ts-client "$work/service.log"
echo "[ts-client] openapi-typescript $("$work/node_modules/.bin/openapi-typescript" --version 2>/dev/null) + openapi-fetch against :$port"
node "$work/client.mjs" "$url"
