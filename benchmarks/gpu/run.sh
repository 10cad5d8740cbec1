#!/usr/bin/env bash
# Every GPU measurement of issue #18 in one go, from what pack.sh made (no .NET needed), on an NVIDIA machine with
# CUDA 13 and cuDNN 9. Writes benchmarks/gpu/results/<time>.md (a table per measurement), prints it, and copies it to
# $OUT when the device tool set one.
#   ./benchmarks/gpu/run.sh [seconds-per-city-run] [cuda|tensorrt]   (from the repository root, after receive.sh took
#   every part). cuda (the default, about 5 min at 20 s a run): the bare detector, the city at 50-300 cameras batched,
#   200 unbatched, the decode times. tensorrt: the city at 200 cameras on TensorRT, whose engine build takes minutes;
#   run it in a call of its own, within the device tool's 10 minutes a call.
set -uo pipefail
seconds=${1:-20}
which=${2:-cuda}
publish=benchmarks/gpu/publish
received=/tmp/vision-gpu
export LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
unxz() {  # xz where installed, else Python's lzma
  if command -v xz > /dev/null; then xz -d; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)'; fi
}
if [ -e "$received/publish.tar.xz.0" ] && [ ! -x "$publish/Vision.Benchmarks" ]; then
  mkdir -p "$publish"
  cat "$received"/publish.tar.xz.* | unxz | tar -x -C "$publish" || { echo "run: the publish parts do not join; carry them all"; exit 1; }
fi
if [ -e "$received/assets.tar.xz" ]; then
  unxz < "$received/assets.tar.xz" | tar -x || { echo "run: the assets part does not unpack"; exit 1; }
fi
[ -d benchmarks/gpu/samples ] && export VISION_SAMPLES=$PWD/benchmarks/gpu/samples
bench="$publish/Vision.Benchmarks"
chmod +x "$bench"
mkdir -p benchmarks/gpu/results
report=benchmarks/gpu/results/$(date -u +%Y%m%dT%H%M%SZ)-$which.md
{
  echo "# GPU measurements $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  echo
  if [ "$which" = tensorrt ]; then
    echo "## City, 200 cameras on TensorRT (engines cached in data/tensorrt-cache)"
    VISION_PROVIDER=TensorRt VISION_BATCH=16 VISION_BATCHES_IN_FLIGHT=4 VISION_RUN_SLOTS=16 timeout 540 "$bench" city 200 "$seconds" | grep -E '^\||^bare|^city' || echo "| 200 | failed |"
  else
    echo "## Bare detector (throughput harness, CUDA, 416)"
    VISION_PROVIDER=Cuda timeout 120 "$bench" throughput 5 || echo "throughput: failed ($?)"
    echo
    echo "## City: N cameras × 10 fps of 1080p JPEG through the live ingest"
    echo "| cameras | end-to-end frames/s | decode ms | detect ms | track ms | plates ms | batch | ingest queue | dropped | failed | GPU |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for cameras in 50 100 200 300; do
      VISION_PROVIDER=Cuda VISION_BATCH=16 VISION_BATCH_WAIT_MS=4 VISION_BATCHES_IN_FLIGHT=4 VISION_RUN_SLOTS=16 \
        timeout $((seconds + 90)) "$bench" city "$cameras" "$seconds" | grep -E '^\||^bare|^city' || echo "| $cameras | failed |"
    done
    echo
    echo "## City, 200 cameras batched, host memory not page-locked (against the 200 row above)"
    VISION_PROVIDER=Cuda VISION_PAGE_LOCKED=0 VISION_BATCH=16 VISION_BATCH_WAIT_MS=4 VISION_BATCHES_IN_FLIGHT=4 VISION_RUN_SLOTS=16 \
      timeout $((seconds + 90)) "$bench" city 200 "$seconds" | grep -E '^\||^bare|^city' || echo "| 200 | failed |"
    echo
    echo "## Feeding the detector: page-locked host memory and outputs bound to pooled tensors"
    VISION_PROVIDER=Cuda timeout 150 "$bench" feeding 5 || echo "feeding: failed ($?)"
    echo
    echo "## City, 200 cameras unbatched"
    VISION_PROVIDER=Cuda VISION_BATCH=1 VISION_RUN_SLOTS=16 timeout $((seconds + 90)) "$bench" city 200 "$seconds" | grep -E '^\||^bare|^city' || echo "| 200 | failed |"
    echo
    echo "## JPEG decode of 1080p frames, full vs reduced (CPU)"
    timeout 120 "$bench" decode 200 || true
  fi
} 2>&1 | tee "$report"
echo "written: $report"
if [ -n "${OUT:-}" ]; then cp "$report" "$OUT/"; fi
