#!/bin/sh
# Sets the Deployment's rolling-update limits from PW_MAX_SURGE / PW_MAX_UNAVAILABLE. Numbers stay
# numbers and percentages strings, as the Kubernetes API wants them.
set -eu
json_value() { case "$1" in *%) printf '"%s"' "$1" ;; *) printf '%s' "$1" ;; esac; }
fields=""
[ -n "$PW_MAX_SURGE" ] && fields="\"maxSurge\":$(json_value "$PW_MAX_SURGE")"
if [ -n "$PW_MAX_UNAVAILABLE" ]; then
  [ -n "$fields" ] && fields="$fields,"
  fields="$fields\"maxUnavailable\":$(json_value "$PW_MAX_UNAVAILABLE")"
fi
kubectl -n "$PW_NAMESPACE" patch "deployment/$PW_DEPLOYMENT" -p "{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{$fields}}}}"
