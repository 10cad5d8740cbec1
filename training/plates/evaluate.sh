#!/usr/bin/env bash
# The plate-reader evaluation of issue 14, as the service reads (Vietnamese grammar, PP-OCR second opinion when unsure):
# vn_crops as they are and shrunk to 16, 20, 24 and 28 px high and read that small (as a street camera 15-30 m away
# records them), each also with a street camera's effects (seen from above, motion blur, noise, JPEG; lines marked *),
# for fast-plate-ocr's global model and a trained one; all labels, then only the labels that are Vietnamese plate
# formats. The trained model never saw these crops: do not train or tune on them.
#   training/plates/evaluate.sh TRAINED.onnx [CROPS_DIR] [more `vision plates evaluate` options, e.g. --second-opinion off]
set -euo pipefail
trained="$(realpath "${1:?usage: evaluate.sh TRAINED.onnx [CROPS_DIR] [options]}")"
cd "$(dirname "$0")/../.."
crops="$(realpath "${2:-../shared/samples/plates/vn_crops}")"
shift 2 || shift $#
vision=(dotnet run -c Release --project src/Vision.Cli --)
[ -f src/Vision.Cli/bin/Release/net10.0/vision.dll ] && vision=(dotnet src/Vision.Cli/bin/Release/net10.0/vision.dll)
for model in fast_plate_ocr_cct_xs_v1_global.onnx "$trained"; do
  for subset in "" --plate-format-labels; do
    "${vision[@]}" plates evaluate --images "$crops" --labels "$crops/labels.tsv" --reader-model "$model" \
      --shrink-to 16,20,24,28 --street-camera $subset "$@"
    echo
  done
done
