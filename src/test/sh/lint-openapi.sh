#!/usr/bin/env bash
# Lints the committed OpenAPI document with openapi-spec-validator and Spectral's spectral:oas
# ruleset. Run by `./mvnw verify` (exec-maven-plugin); installs what it needs (pip into target/venv,
# npm into target/spectral) and says SKIPPED loudly when a tool cannot be had at all, which fails
# under CI=true (src/test/sh/tools.sh).
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/test/sh/tools.sh
spec=openapi/openapi.yaml
status=0

if target/venv/bin/python -c 'import openapi_spec_validator' 2>/dev/null || venv_install openapi-spec-validator; then
  echo "[openapi] openapi-spec-validator $(target/venv/bin/python -m pip show openapi-spec-validator 2>/dev/null | awk '/^Version/{print $2}'):"
  target/venv/bin/python -m openapi_spec_validator "$spec" || status=1
else
  skipped "[openapi] openapi-spec-validator" "python3 (with venv) or the package is not available"
fi

spectral_dir=target/spectral
if [ -x "$spectral_dir/node_modules/.bin/spectral" ] || \
   { command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix "$spectral_dir" @stoplight/spectral-cli@6.16.3 >/dev/null 2>&1; }; then
  echo "[openapi] spectral $("$spectral_dir/node_modules/.bin/spectral" --version) (spectral:oas):"
  "$spectral_dir/node_modules/.bin/spectral" lint "$spec" --ruleset .spectral.yaml --fail-severity warn || status=1
else
  skipped "[openapi] spectral" "npm or @stoplight/spectral-cli is not available"
fi
exit $status
