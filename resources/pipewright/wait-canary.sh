#!/bin/sh
# Waits (up to PW_TIMEOUT, e.g. 300s) until the paused Deployment has at least one updated pod ready.
set -eu
limit=${PW_TIMEOUT%s}
waited=0
while :; do
  updated=$(kubectl -n "$PW_NAMESPACE" get "deployment/$PW_DEPLOYMENT" -o jsonpath='{.status.updatedReplicas}')
  ready=$(kubectl -n "$PW_NAMESPACE" get "deployment/$PW_DEPLOYMENT" -o jsonpath='{.status.readyReplicas}')
  if [ "${updated:-0}" -ge 1 ] && [ "${ready:-0}" -ge 1 ]; then exit 0; fi
  if [ "$waited" -ge "$limit" ]; then echo "canary pods not ready after ${limit}s" >&2; exit 1; fi
  sleep 5
  waited=$((waited + 5))
done
