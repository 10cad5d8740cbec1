#!/usr/bin/env bash
# Prepares the machine, builds everything (warnings are errors) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./setup.sh
dotnet build Vision.slnx --configuration Release --no-restore

# The projects run side by side, so a failure's lines sit mid-log: the failed tests are printed again at the end.
# A test hung for 15 minutes is stopped and named instead of running into CI's time limit.
results=TestResults/suite
rm -rf "$results"
status=0
dotnet test Vision.slnx --configuration Release --no-build --logger "console;verbosity=normal" \
  --logger trx --results-directory "$results" --blame-hang-timeout 15m --blame-hang-dump-type none "$@" || status=$?
if [ "$status" -ne 0 ]; then
  python3 scripts/print-failed-tests.py "$results" || true
fi
exit "$status"
