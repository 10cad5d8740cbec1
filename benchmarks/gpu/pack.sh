#!/usr/bin/env bash
# Builds what benchmarks/gpu/run.sh needs on a GPU machine without .NET: a self-contained linux-x64 publish of the
# benchmarks, with every file over 40 MiB (the CUDA provider library, ~400 MiB) split into numbered parts, so the
# publish can be carried to the machine in pieces (run.sh joins them). Run from the repository root after ./setup.sh.
set -euo pipefail
out=benchmarks/gpu/publish
rm -rf "$out"
dotnet publish benchmarks/Vision.Benchmarks -c Release -r linux-x64 --self-contained true -o "$out" -p:TreatWarningsAsErrors=false
find "$out" -type f -size +40M -print0 | while IFS= read -r -d '' big; do
  split -b 40M -d -a 2 "$big" "$big.part-"
  rm "$big"
done
du -sh "$out"
echo "pack: publish in $out (parts joined by benchmarks/gpu/run.sh)"
