#!/usr/bin/env bash
# Every GPU measurement of issue #18 in one go, from the publish pack.sh made (no .NET needed), on an NVIDIA machine
# with CUDA 13 and cuDNN 9. Writes benchmarks/gpu/results/<time>.md (a table per measurement) and prints it.
#   ./benchmarks/gpu/run.sh [seconds-per-city-run]     (from the repository root; models/ and ../shared/samples present)
set -uo pipefail
seconds=${1:-20}
publish=benchmarks/gpu/publish
export LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
for part in "$publish"/*.part-00; do
  [ -e "$part" ] || break
  whole=${part%.part-00}
  cat "$whole".part-* > "$whole" && rm "$whole".part-*
done
bench="$publish/Vision.Benchmarks"
chmod +x "$bench"
mkdir -p benchmarks/gpu/results
report=benchmarks/gpu/results/$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# GPU measurements $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  echo
  echo "## Bare detector (throughput harness, CUDA, 416)"
  VISION_PROVIDER=Cuda timeout 300 "$bench" throughput 5 || echo "throughput: failed ($?)"
  echo
  echo "## City: N cameras × 10 fps of 1080p JPEG through the live ingest"
  echo "| cameras | end-to-end frames/s | decode ms | detect ms | track ms | plates ms | batch | ingest queue | dropped | failed | GPU |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for cameras in 50 100 200 300; do
    VISION_PROVIDER=Cuda VISION_BATCH=16 VISION_BATCH_WAIT_MS=4 VISION_BATCHES_IN_FLIGHT=4 VISION_RUN_SLOTS=16 \
      timeout $((seconds + 240)) "$bench" city "$cameras" "$seconds" | grep -E '^\||^bare|^city' || echo "| $cameras | failed |"
  done
  echo
  echo "## City, 200 cameras: unbatched, and TensorRT"
  VISION_PROVIDER=Cuda VISION_BATCH=1 VISION_RUN_SLOTS=16 timeout $((seconds + 240)) "$bench" city 200 "$seconds" | grep -E '^\||^bare|^city' || true
  VISION_PROVIDER=TensorRt VISION_BATCH=16 VISION_BATCHES_IN_FLIGHT=4 VISION_RUN_SLOTS=16 timeout $((seconds + 600)) "$bench" city 200 "$seconds" | grep -E '^\||^bare|^city' || true
  echo
  echo "## JPEG decode of 1080p frames, full vs reduced (CPU)"
  timeout 300 "$bench" decode 200 || true
} 2>&1 | tee "$report"
echo "written: $report"
