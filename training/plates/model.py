"""The plate reader network, exported with the fast-plate-ocr contract (uint8 [N,64,128,3] RGB in, [N,9,37] per-slot
probabilities over 0-9A-Z_ out), so the product's FastPlateOcrReader loads it unchanged.

A small CNN takes the 64x128 crop to a 4x16 grid. The top two rows and the bottom two rows are read as two sequences
of 16 steps, top first, so a two-line plate reads top line then bottom line and a one-line plate is read by whichever
half holds it. Training uses CTC over the 32 steps ('_' is the CTC blank): it learns where characters are without being
told, which converges far faster than asking slot k for the k-th character. For export, the greedy CTC decode (best
class per step, repeats merged, blanks dropped) is done inside the graph and packed into 9 slots; an unused slot is
'_' with probability 1.
"""

import torch
from torch import nn

from plate_formats import ALPHABET, SLOTS

INPUT_H, INPUT_W = 64, 128
BLANK = ALPHABET.index("_")


def _conv(cin: int, cout: int, stride=1) -> list:
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class PlateReader(nn.Module):
    def __init__(self):
        super().__init__()
        # about 60 M multiply-adds per crop
        self.features = nn.Sequential(
            *_conv(3, 24, 2),  # 32x64
            *_conv(24, 32), nn.MaxPool2d(2),  # 16x32
            *_conv(32, 64), nn.MaxPool2d(2),  # 8x16
            *_conv(64, 96), *_conv(96, 96), nn.MaxPool2d((2, 1)),  # 4x16
            *_conv(96, 128),
        )
        # each half (2 rows) collapses to one row; then context along the reading order
        self.collapse = nn.Sequential(nn.Conv2d(128, 128, (2, 1), (2, 1), bias=False), nn.BatchNorm2d(128), nn.ReLU(inplace=True))
        self.context = nn.Sequential(
            nn.Conv1d(128, 128, 3, 1, 1, bias=False), nn.BatchNorm1d(128), nn.ReLU(inplace=True),
            nn.Conv1d(128, 128, 3, 1, 1, bias=False), nn.BatchNorm1d(128), nn.ReLU(inplace=True),
        )
        self.classify = nn.Conv1d(128, len(ALPHABET), 1)

    def sequence_logits(self, images: torch.Tensor) -> torch.Tensor:
        """images: uint8 [N,64,128,3] RGB. Returns [N,32,37] logits: 16 steps of the top half, then 16 of the bottom."""
        x = images.permute(0, 3, 1, 2).float() / 255.0
        grid = self.collapse(self.features(x))  # [N,128,2,16]
        seq = torch.cat([grid[:, :, 0, :], grid[:, :, 1, :]], dim=2)  # [N,128,32]
        return self.classify(self.context(seq)).permute(0, 2, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Greedy CTC decode packed into [N,9,37] slot probabilities."""
        probs = torch.softmax(self.sequence_logits(images), dim=-1)  # [N,T,C]
        best = probs.argmax(dim=-1)  # [N,T]
        previous = torch.cat([torch.full_like(best[:, :1], -1), best[:, :-1]], dim=1)
        keep = ((best != BLANK) & (best != previous)).float()  # [N,T]
        position = torch.cumsum(keep, dim=1) - 1  # slot of each kept step
        slots = torch.arange(SLOTS, dtype=position.dtype).view(1, 1, SLOTS)
        assign = keep.unsqueeze(-1) * (position.unsqueeze(-1) == slots).float()  # [N,T,9]
        slot_probs = torch.matmul(assign.transpose(1, 2), probs)  # [N,9,C]
        filled = assign.sum(dim=1).clamp(max=1.0)  # [N,9]
        empty = torch.zeros(len(ALPHABET), dtype=probs.dtype)
        empty[BLANK] = 1.0
        return slot_probs + (1.0 - filled).unsqueeze(-1) * empty

    def slot_logits(self, images: torch.Tensor) -> torch.Tensor:
        """For accuracy checks in training: log of the slot probabilities."""
        return torch.log(self.forward(images) + 1e-9)
