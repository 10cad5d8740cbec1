#!/usr/bin/env bash
# On the GPU machine, first in every call that carries a part of benchmarks/gpu/parts: moves it to /tmp/vision-gpu,
# where it stays while the machine is held (each call brings a fresh working tree).
set -euo pipefail
mkdir -p /tmp/vision-gpu
mv benchmarks/gpu/parts/* /tmp/vision-gpu/
ls -l /tmp/vision-gpu
