#!/usr/bin/env bash
# Prepares this machine for Vision: Debian packages for the native libraries, NuGet restore, models.
# Idempotent: run it as often as you like; it only does what is missing.
#   VISION_MODEL_SOURCE   folder holding the model files (default: ../shared/models beside the checkout)
#   VISION_SKIP_APT=1     skip the Debian packages (e.g. when not root and they are already there)
#   VISION_TRAINING=1     also install what training/plates needs (PyTorch, ONNX, OpenCV for Python, plate fonts);
#                         the service and the tests never need them
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
# postgresql: the server binaries the store tests start a throwaway cluster with (/usr/lib/postgresql/*/bin).
# strace: the durability tests watch which files and folders the evidence store fsyncs.
# ffmpeg: H.264 evidence clips that browsers play. chromium: the browser the web tests drive (Playwright).
# fonts-dejavu-core: the Vietnamese-capable font of the PDF reports.
# nats-server: the JetStream server the cluster tests start (nats-server -js on a free port).
for pkg in libgtk-3-0 postgresql strace ffmpeg chromium fonts-dejavu-core nats-server; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_packages+=("$pkg")
done
command -v python3 >/dev/null || need_packages+=(python3)
if [ "${VISION_TRAINING:-0}" = "1" ]; then
  # training/plates: CPU PyTorch 1.13, ONNX export, OpenCV and PIL for the synthetic plates, freely licensed fonts close
  # to the plate typeface (OSP-DIN, Liberation Sans Narrow, DejaVu Sans Condensed, Bebas Neue). libopenblas0-pthread:
  # Debian's PyTorch otherwise multiplies matrices with the reference BLAS, 20x slower (1.6 against 30 GFLOP/s here).
  for pkg in python3-torch python3-torchvision python3-onnx python3-opencv python3-pil python3-numpy libopenblas0-pthread \
             fonts-opendin fonts-liberation fonts-dejavu-core fonts-bebas-neue; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_packages+=("$pkg")
  done
fi
if [ "${#need_packages[@]}" -gt 0 ] && [ "${VISION_SKIP_APT:-0}" != "1" ]; then
  echo "setup: installing Debian packages: ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

echo "setup: restoring NuGet packages"
dotnet restore Vision.slnx --verbosity quiet

echo "setup: provisioning models"
python3 scripts/provision_models.py
echo "setup: done"
