#!/bin/sh
# Downloads the JUnit XML of a finished test-plan run into .pipewright/test-plan-junit.xml.
set -eu
mkdir -p .pipewright
curl -fsS --max-time 60 -H "Authorization: Bearer $PW_TOKEN" -o .pipewright/test-plan-junit.xml \
  "$PW_URL/api/test-plan-runs/$PW_PLAN_RUN/junit.xml"
