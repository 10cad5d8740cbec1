#!/usr/bin/env bash
# Prepares issue #18's GPU measurements for a machine without .NET, in parts small enough to carry one per call of the
# device tool (a call carries at most 64 MiB, the working tree included): a self-contained linux-x64 publish of the
# benchmarks (~530 MB, of which the CUDA provider library is 284 MB), and the models and samples they read, each as an
# xz-compressed tar split into parts of at most 56 MiB in benchmarks/gpu/parts/. Run from the repository root after
# ./setup.sh; benchmarks/gpu/README.md has the calls that follow.
set -euo pipefail
gpu=benchmarks/gpu
samples=${VISION_SAMPLES:-../shared/samples}
rm -rf "$gpu/publish" "$gpu/parts"
mkdir -p "$gpu/parts"
dotnet publish benchmarks/Vision.Benchmarks -c Release -r linux-x64 --self-contained true -o "$gpu/publish" -p:TreatWarningsAsErrors=false
tar -C "$gpu/publish" -cf - . | xz -6 -T0 | split -b 56M -d -a 1 - "$gpu/parts/publish.tar.xz."
# The models the harnesses load (not the test-only ones) and the samples they read, unpacked there into models/ and
# benchmarks/gpu/samples/.
tar -cf - models/*.onnx models/ppocr -C "$samples" --transform 's,^\(video\|images\),benchmarks/gpu/samples/\1,' video images \
  | xz -6 -T0 > "$gpu/parts/assets.tar.xz"
ls -l "$gpu/parts"
echo "pack: $(ls "$gpu/parts" | wc -l) parts in $gpu/parts; carry one a call (benchmarks/gpu/README.md)"
