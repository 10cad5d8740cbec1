#!/usr/bin/env python3
"""Copies every model named in models/manifest.json into models/ and verifies its SHA-256.

The target folder (holding manifest.json) is $VISION_MODEL_DIR, default models/ in the repository.
Source order for each file: $VISION_MODEL_SOURCE (default ../shared/models beside the checkout),
then the upstream named in the manifest (an https URL, npm:<package>@<version>:<path in package>, or
repo:<path> for the project's own models committed in this repository, such as training/plates/model/).
Stops with a message naming every missing or corrupt file. Files already in place with the right hash
are left alone, so running it again costs only the hashing.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS_DIR = os.environ.get("VISION_MODEL_DIR", os.path.join(ROOT, "models"))
SOURCE_DIR = os.environ.get("VISION_MODEL_SOURCE", os.path.join(ROOT, "..", "shared", "models"))


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_upstream(upstream, target):
    """Downloads the file from its upstream into target; returns an error message or None."""
    try:
        if upstream.startswith("repo:"):
            shutil.copyfile(os.path.join(ROOT, upstream[len("repo:"):]), target)
            return None
        if upstream.startswith("https://"):
            with urllib.request.urlopen(upstream, timeout=60) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            return None
        if upstream.startswith("npm:"):
            _, package, inner_path = upstream.split(":", 2)
            with tempfile.TemporaryDirectory() as work:
                subprocess.run(["npm", "pack", package, "--silent"], cwd=work, check=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
                tarball = next(f for f in os.listdir(work) if f.endswith(".tgz"))
                with tarfile.open(os.path.join(work, tarball)) as archive:
                    member = archive.getmember("package/" + inner_path)
                    with archive.extractfile(member) as src, open(target, "wb") as out:
                        shutil.copyfileobj(src, out)
            return None
        return "no downloadable upstream (" + upstream + ")"
    except Exception as error:  # noqa: BLE001 - any failure is reported with the file's name
        return "download failed: " + str(error)


def provision(model):
    relative = model["file"]
    expected = model["sha256"]
    target = os.path.join(MODELS_DIR, relative)
    if os.path.isfile(target) and sha256_of(target) == expected:
        return None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    partial = target + ".partial"
    source = os.path.join(SOURCE_DIR, relative)
    if os.path.isfile(source) and not model["upstream"].startswith("repo:"):
        shutil.copyfile(source, partial)
        origin = source
    else:
        error = fetch_upstream(model["upstream"], partial)
        if error:
            return f"{relative}: missing from {SOURCE_DIR} and {error}"
        origin = model["upstream"]
    actual = sha256_of(partial)
    if actual != expected:
        os.remove(partial)
        return f"{relative}: corrupt copy from {origin} (SHA-256 {actual}, manifest expects {expected})"
    os.replace(partial, target)
    print(f"  {relative} <- {origin}")
    return None


def main():
    with open(os.path.join(MODELS_DIR, "manifest.json"), encoding="utf-8") as stream:
        manifest = json.load(stream)
    problems = [p for p in (provision(m) for m in manifest["models"]) if p]
    if problems:
        print("setup: model provisioning failed:", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        print("Set VISION_MODEL_SOURCE to a folder holding the files, or restore network access to the upstreams.",
              file=sys.stderr)
        return 1
    print(f"  {len(manifest['models'])} model files verified in {MODELS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
