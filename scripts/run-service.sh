#!/usr/bin/env bash
# Starts Vision on its embedded defaults after preparing the machine. Extra arguments go to the service,
# e.g. --urls http://127.0.0.1:6000. dotnet run starts it from the repository root (Vision.Service.csproj), so the
# default data paths are ./data/vision.db and ./data/evidence here.
set -euo pipefail
cd "$(dirname "$0")/.."
./setup.sh
exec dotnet run --project src/Vision.Service --configuration Release -- "$@"
