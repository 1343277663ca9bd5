#!/bin/sh
# POST $PW_URL/api/test-plans/$PW_PLAN/runs with PW_BODY; prints the TestPlanRun JSON.
set -eu
curl -fsS --max-time 30 -X POST -H "Authorization: Bearer $PW_TOKEN" -H 'Content-Type: application/json' \
  --data "$PW_BODY" "$PW_URL/api/test-plans/$PW_PLAN/runs"
