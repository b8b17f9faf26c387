#!/usr/bin/env bash
# Lints the committed OpenAPI document with openapi-spec-validator and Spectral's spectral:oas
# ruleset. Run by `./mvnw verify` (exec-maven-plugin); installs what it needs from PyPI/npm when it
# can, and says SKIPPED loudly when a tool cannot be had at all.
set -uo pipefail
cd "$(dirname "$0")/../../.."
spec=openapi/openapi.yaml
status=0

if python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install -q openapi-spec-validator 2>/dev/null; then
  echo "[openapi] openapi-spec-validator $(python3 -m pip show openapi-spec-validator 2>/dev/null | awk '/^Version/{print $2}'):"
  python3 -m openapi_spec_validator "$spec" || status=1
else
  echo "[openapi] *** SKIPPED openapi-spec-validator: python3 or the package is not available ***"
fi

spectral_dir=target/spectral
if [ -x "$spectral_dir/node_modules/.bin/spectral" ] || \
   { command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix "$spectral_dir" @stoplight/spectral-cli@6.16.3 >/dev/null 2>&1; }; then
  echo "[openapi] spectral $("$spectral_dir/node_modules/.bin/spectral" --version) (spectral:oas):"
  "$spectral_dir/node_modules/.bin/spectral" lint "$spec" --ruleset .spectral.yaml --fail-severity warn || status=1
else
  echo "[openapi] *** SKIPPED spectral: npm or @stoplight/spectral-cli is not available ***"
fi
exit $status
