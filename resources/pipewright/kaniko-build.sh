#!/bin/sh
# Run by vars/buildImage.groovy inside the kaniko container. Every input arrives in the
# environment: PW_CONTEXT, PW_DOCKERFILE, PW_DESTINATIONS (space-separated), PW_REGISTRY,
# PW_CACHE_REPO, and (with a credential) PW_REGISTRY_USER / PW_REGISTRY_PASSWORD.
set -eu
mkdir -p .pipewright
if [ -n "${PW_REGISTRY_USER:-}" ]; then
  # kaniko reads registry logins from /kaniko/.docker/config.json.
  auth=$(printf '%s:%s' "$PW_REGISTRY_USER" "$PW_REGISTRY_PASSWORD" | base64 | tr -d '\n')
  mkdir -p /kaniko/.docker
  printf '{"auths":{"%s":{"auth":"%s"}}}' "$PW_REGISTRY" "$auth" > /kaniko/.docker/config.json
fi
set -- --context "dir://$PWD/$PW_CONTEXT" --dockerfile "$PW_DOCKERFILE" --digest-file .pipewright/image-digest
for destination in $PW_DESTINATIONS; do
  set -- "$@" --destination "$destination"
done
if [ -n "$PW_CACHE_REPO" ]; then
  set -- "$@" --cache=true --cache-repo "$PW_CACHE_REPO"
fi
/kaniko/executor "$@"
