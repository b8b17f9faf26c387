#!/usr/bin/env bash
# After `./mvnw package`: the committed manifests are what quarkus-kubernetes (profile kubernetes) generates from
# application.properties (as openapi/ is checked against the served document), both kustomizations
# render, and what the Dockerfiles COPY exists. Run by `./mvnw verify` (exec-maven-plugin).
# DeployManifestsTest checks the rendered manifests' content and policies.
set -uo pipefail
cd "$(dirname "$0")/../../.."
status=0

# The manifests come from the kubernetes profile, in a build directory of its own (see pom.xml).
./mvnw -B -q -Pkubernetes package -DskipTests >/dev/null \
  || { echo "[deploy] the kubernetes profile did not build: ./mvnw -B -Pkubernetes package -DskipTests"; exit 1; }
for pair in kubernetes/kubernetes.yml knative/knative.yml; do
  committed="deploy/$pair" generated="target/kubernetes-build/kubernetes/${pair#*/}"
  if ! diff -u "$committed" "$generated"; then
    echo "[deploy] $committed differs from the generated $generated; if the change is meant, refresh it with:"
    echo "[deploy]   ./mvnw -B -Pkubernetes package -DskipTests && cp $generated $committed"
    status=1
  fi
done
[ $status -eq 0 ] && echo "[deploy] deploy/kubernetes/kubernetes.yml and deploy/knative/knative.yml match the generated manifests"

if command -v kubectl >/dev/null; then
  for dir in deploy/kubernetes deploy/knative; do
    if out=$(kubectl kustomize "$dir" 2>&1); then
      echo "[deploy] kubectl kustomize $dir: $(grep -c '^kind:' <<<"$out") resources"
    else
      echo "[deploy] kubectl kustomize $dir failed:"; echo "$out"; status=1
    fi
  done
elif [ "${CI:-}" = true ]; then
  echo "[deploy] kubectl is not installed: CI must render deploy/ with kubectl kustomize"; status=1
else
  echo "[deploy] *** SKIPPED kubectl kustomize: kubectl is not installed; deploy/ not rendered ***"
fi

# Every source the Dockerfiles COPY; the native runner exists only after a native build.
for dockerfile in src/main/docker/Dockerfile.*; do
  for source in $(awk '/^COPY/ { print $(NF-1) }' "$dockerfile"); do
    if compgen -G "$source" >/dev/null; then
      echo "[deploy] $dockerfile: $source present"
    elif [[ "$source" == *-runner ]]; then
      echo "[deploy] $dockerfile: $source appears with -Dquarkus.native.enabled=true (not built here)"
    else
      echo "[deploy] $dockerfile copies $source, which ./mvnw package did not make"; status=1
    fi
  done
done
exit $status
