#!/usr/bin/env bash
# Runs src/test/python/client.py, which drives every operation of the Python client that the build
# generates from openapi/openapi.yaml (openapi-generator "python": urllib3 + pydantic, execution
# python-client in pom.xml, into target/python-client/package), against the packaged service.
# Run by `./mvnw verify`. The client's requirements go into a venv under target/python-client/venv
# from pip's configured index; where python3 (3.10+, the generated package's floor), venv or pip
# cannot provide them it says SKIPPED loudly and passes, except under CI=true, where a skip fails.
# PYTHON_CLIENT_BIG_MIB (default 64) sizes the body sent through encode/hex; 0 leaves that case out.
set -uo pipefail
cd "$(dirname "$0")/../../.."
work=target/python-client
package="$work/package"
venv="$work/venv"

skip() {
  echo "[py-client] *** SKIPPED: $1 ***"
  if [ "${CI:-}" = "true" ]; then
    echo "[py-client] FAILED: CI=true, where the Python client must run"; exit 1
  fi
  exit 0
}

[ -f "$package/requirements.txt" ] \
  || { echo "[py-client] $package is missing: run through ./mvnw verify (execution python-client generates it)"; exit 1; }
command -v python3 >/dev/null || skip "python3 is not available"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || skip "python3 is $(python3 -V 2>&1 | cut -d' ' -f2); the generated client needs 3.10+"
# The venv is kept between builds; its copy of requirements.txt says what it holds.
if ! cmp -s "$package/requirements.txt" "$venv/installed-requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  "$venv/bin/python" -m pip install -q -r "$package/requirements.txt" >"$work/pip.log" 2>&1 \
    || { tail -5 "$work/pip.log"; skip "pip could not install the client's requirements (see $work/pip.log)"; }
  cp "$package/requirements.txt" "$venv/installed-requirements.txt"
fi

. src/test/sh/service.sh
start_service py-client "$work/service.log"
echo "[py-client] $("$venv/bin/python" -V), urllib3 $("$venv/bin/python" -c 'import urllib3; print(urllib3.__version__)')," \
  "pydantic $("$venv/bin/python" -c 'import pydantic; print(pydantic.VERSION)') against :$port"
PYTHONPATH="$package" "$venv/bin/python" src/test/python/client.py "$url"
