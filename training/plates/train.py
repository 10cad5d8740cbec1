"""Train the Vietnamese plate reader on synthetic crops (and, optionally, officer corrections), export it to ONNX.

    /usr/bin/python3 train.py --out runs/vn1                       # from scratch, ~25 min on 2 cores
    /usr/bin/python3 train.py --out runs/ft --init runs/vn1/model.pt \
        --corrections corrections/ --steps 300 --lr 3e-4          # fine-tune on `vision plates export-corrections`
    /usr/bin/python3 train.py --out runs/vn-ft --init-onnx ../../models/fast_plate_ocr_cct_xs_v1_global.onnx \
        --steps 6000 --batch 32 --lr 2e-4 --freeze conv2d_1_,conv2d_1_2_,conv2d_2_1_   # the shipped reader (see MODEL_CARD)

Deterministic from --seed: sample i of the synthetic set is synth.render(i, seed), batches take samples in order, and
torch runs on a fixed number of threads. Writes OUT/model.pt, OUT/model.onnx and OUT/training.json (recipe, timings).
"""

import argparse
import json
import os
import random
import resource
import time

# Idle OpenMP threads sleep instead of spinning: on a shared 2-core machine spinning cost 3x the CPU per step.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import ctypes

# glibc hands every buffer over 128 KB back to the kernel when freed, so each step faults the next one in page by page
# again: that made a step 5-20x slower here. Keep freed memory in the heap (buffers up to 32 MB, no trimming).
_libc = ctypes.CDLL("libc.so.6")
_libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD
_libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD

import cv2
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from corrections import read_corrections
from model import BLANK, INPUT_H, INPUT_W, PlateReader
from onnx_graph import OnnxGraph
from plate_formats import ALPHABET, SLOTS, encode
import synth


class SyntheticPlates(Dataset):
    """Crop i is synth.render(i, seed). With a curriculum, the first `ramp` share of the crops go from large and clean
    to the full street-camera mix (a network from scratch first needs to see what characters look like)."""

    def __init__(self, seed: int, size: int, ramp: float = 0.0, small_only: bool = False):
        self.seed, self.size, self.ramp, self.small_only = seed, size, ramp, small_only

    def __len__(self):
        return self.size

    def __getitem__(self, i):
        difficulty = 1.0 if self.ramp <= 0 else min(1.0, i / (self.ramp * self.size))
        image, label = synth.render(i, self.seed, difficulty, self.small_only)
        return torch.from_numpy(image), torch.tensor(encode(label))


class MixedPlates(Dataset):
    """Synthetic crops with officer-corrected crops mixed in: every `every`-th sample is a correction."""

    def __init__(self, synthetic: SyntheticPlates, corrections: list, every: int, seed: int):
        self.synthetic, self.corrections, self.every, self.seed = synthetic, corrections, every, seed

    def __len__(self):
        return len(self.synthetic)

    def __getitem__(self, i):
        if self.corrections and i % self.every == 0:
            rng = random.Random(self.seed * 7919 + i)
            image, label = self.corrections[(i // self.every) % len(self.corrections)]
            return torch.from_numpy(jitter(image, rng)), torch.tensor(encode(label))
        return self.synthetic[i]


def jitter(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """A real crop seen again: a slightly different crop box and exposure, stretched to the reader's input."""
    h, w = image.shape[:2]
    dx0, dx1 = int(w * rng.uniform(0, 0.05)), int(w * rng.uniform(0, 0.05))
    dy0, dy1 = int(h * rng.uniform(0, 0.06)), int(h * rng.uniform(0, 0.06))
    crop = image[dy0:h - dy1 or h, dx0:w - dx1 or w]
    crop = np.clip(crop.astype(np.float32) * rng.uniform(0.8, 1.2) + rng.uniform(-15, 15), 0, 255).astype(np.uint8)
    return cv2.resize(crop, (INPUT_W, INPUT_H), interpolation=cv2.INTER_LINEAR)


def accuracy(model: PlateReader, loader: DataLoader) -> float:
    model.eval()
    right = total = 0
    with torch.no_grad():
        for images, targets in loader:
            predicted = model(images).argmax(-1)
            right += (predicted == targets).all(dim=1).sum().item()
            total += len(targets)
    model.train()
    return right / max(1, total)


# fast-plate-ocr's anti-aliasing (max-blur) kernels: fixed by design, never trained
BLUR_KERNELS = ("const_fold_opt__143", "const_fold_opt__148")


def export_onnx(model, path: str) -> None:
    model.eval()
    if isinstance(model, OnnxGraph):
        model.save_onnx(path, "vision-training-plates")
        return
    dummy = torch.zeros((1, INPUT_H, INPUT_W, 3), dtype=torch.uint8)
    torch.onnx.export(model, dummy, path, opset_version=13, input_names=["input"], output_names=["slots"],
                      dynamic_axes={"input": {0: "N"}, "slots": {0: "N"}}, do_constant_folding=True)
    import onnx
    checked = onnx.load(path)
    onnx.checker.check_model(checked)
    checked.producer_name = "vision-training-plates"
    onnx.save(checked, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch", type=int, default=48)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--init", help="start from these weights (model.pt) to fine-tune")
    p.add_argument("--init-onnx", help="fine-tune this published reader (same contract) instead of the network in model.py")
    p.add_argument("--freeze", default="", help="with --init-onnx: comma-separated parts of weight names kept as they are")
    p.add_argument("--corrections", help="folder written by `vision plates export-corrections` (labels.tsv + crops)")
    p.add_argument("--curriculum", type=float, default=0.4, help="share of the run that goes from easy crops to the full mix")
    p.add_argument("--small-plates", action="store_true",
                   help="only crops 14-36 px high, stretched by the reader alone: the small-plate reader's input")
    p.add_argument("--checkpoint-every", type=int, default=250, help="also save and export every N steps (OUT/step-N)")
    p.add_argument("--corrections-every", type=int, default=4, help="one sample in N is a correction when given")
    args = p.parse_args()

    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)

    model = OnnxGraph(args.init_onnx, frozen=BLUR_KERNELS) if args.init_onnx else PlateReader()
    frozen = [part for part in args.freeze.split(",") if part]
    for name, parameter in model.named_parameters():
        parameter.requires_grad = not any(part in name for part in frozen)
    if args.init:
        model.load_state_dict(torch.load(args.init))
    pretrained = bool(args.init or args.init_onnx)
    corrections = read_corrections(args.corrections) if args.corrections else []
    synthetic = SyntheticPlates(args.seed, args.steps * args.batch, 0.0 if pretrained else args.curriculum, args.small_plates)
    train_set = MixedPlates(synthetic, corrections, args.corrections_every, args.seed)
    # held-out synthetic crops: another seed, never trained on
    validation = DataLoader(SyntheticPlates(args.seed + 1, 512, small_only=args.small_plates), batch_size=64, num_workers=0)
    loader = DataLoader(train_set, batch_size=args.batch, shuffle=False, num_workers=1, drop_last=True,
                        worker_init_fn=lambda _: torch.set_num_threads(1))
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    ctc = torch.nn.CTCLoss(blank=BLANK, zero_infinity=True)

    def slot_loss(images, targets):
        """The published reader's own objective: each of the 9 slots is one class ('_' when empty)."""
        log_probs = torch.log(model(images).clamp_min(1e-7))  # [N,9,C]
        return torch.nn.functional.nll_loss(log_probs.reshape(-1, log_probs.shape[-1]), targets.reshape(-1))

    def ctc_loss(images, targets):
        log_probs = torch.log_softmax(model.sequence_logits(images), dim=-1).permute(1, 0, 2)  # [T,N,C]
        lengths = (targets != BLANK).sum(dim=1)
        flat = targets[targets != BLANK]
        steps = torch.full((len(targets),), log_probs.shape[0], dtype=torch.long)
        return ctc(log_probs, flat, steps, lengths)

    loss_fn = slot_loss if args.init_onnx else ctc_loss
    started, cpu_started = time.time(), time.process_time()
    log = []
    if pretrained:
        log.append({"step": 0, "synthetic_exact": round(accuracy(model, validation), 4)})
        print(json.dumps(log[-1]), flush=True)
    model.train()
    for step, (images, targets) in enumerate(loader, 1):
        loss = loss_fn(images, targets)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0 or step == args.steps:
            entry = {"step": step, "loss": round(loss.item(), 4), "minutes": round((time.time() - started) / 60, 1),
                     "cpu_minutes": round(time.process_time() / 60, 1)}
            if step % args.checkpoint_every == 0 or step == args.steps:
                entry["synthetic_exact"] = round(accuracy(model, validation), 4)
                if step != args.steps:
                    folder = os.path.join(args.out, f"step-{step}")
                    os.makedirs(folder, exist_ok=True)
                    torch.save(model.state_dict(), os.path.join(folder, "model.pt"))
                    export_onnx(model, os.path.join(folder, "model.onnx"))
                    model.train()
            log.append(entry)
            print(json.dumps(entry), flush=True)

    wall = time.time() - started
    usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
    export_onnx(model, os.path.join(args.out, "model.onnx"))
    record = {
        "seed": args.seed, "steps": args.steps, "batch": args.batch, "samples": args.steps * args.batch, "lr": args.lr,
        "threads": args.threads, "init": args.init or args.init_onnx, "frozen": frozen, "curriculum": args.curriculum, "small_plates": args.small_plates, "corrections": len(corrections),
        "wall_minutes": round(wall / 60, 1),
        "cpu_minutes": round((usage[0].ru_utime + usage[0].ru_stime + usage[1].ru_utime + usage[1].ru_stime) / 60, 1),
        "synthetic_exact": log[-1].get("synthetic_exact"), "log": log,
        "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(json.dumps({k: v for k, v in record.items() if k != "log"}))


if __name__ == "__main__":
    main()
