# Sourced by the lint and client scripts and .ci/cfn-lint: getting the tools a check needs, and
# what happens when one cannot be had. Run from the repository root.

# Says loudly that a check was not run. On a user's machine that is all (the caller goes on or
# exits 0), so a missing tool never blocks a build there; in CI (CI=true) a check that did not run
# would let a broken spec or template through unseen, so it fails the build instead.
skipped() {
  echo "################################################################################"
  echo "### $1 SKIPPED: $2"
  if [ "${CI:-}" = "true" ]; then
    echo "### CI=true: a check that was not run fails the build"
    echo "################################################################################"
    exit 1
  fi
  echo "################################################################################"
}

# Installs Python packages with pip (as configured) into the virtualenv target/venv, so a build
# never changes the user's own Python; prints nothing, fails if python3, its venv module or a
# package cannot be had. The venv sees the system's site-packages: a package installed there
# already is used as it is, with no download. Usage: venv_install openapi-spec-validator ...
venv_install() {
  [ -x target/venv/bin/python ] || python3 -m venv --system-site-packages target/venv >/dev/null 2>&1 || return 1
  target/venv/bin/python -m pip install -q "$@" >/dev/null 2>&1
}
