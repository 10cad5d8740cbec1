#!/usr/bin/env bash
# Prepares the machine, builds everything (warnings are errors) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./setup.sh
dotnet build Vision.slnx --configuration Release --no-restore
dotnet test Vision.slnx --configuration Release --no-build --logger "console;verbosity=normal" "$@"
