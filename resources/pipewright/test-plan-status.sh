#!/bin/sh
# GET $PW_URL/api/test-plan-runs/$PW_PLAN_RUN; prints the TestPlanRun JSON.
set -eu
curl -fsS --max-time 30 -H "Authorization: Bearer $PW_TOKEN" "$PW_URL/api/test-plan-runs/$PW_PLAN_RUN"
