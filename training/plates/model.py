"""The plate reader network: the fast-plate-ocr contract (uint8 [N,64,128,3] RGB in, [N,9,37] per-slot
probabilities over 0-9A-Z_ out), so the product's FastPlateOcrReader loads it unchanged.

A small VGG-style CNN takes the 64x128 crop down to a 4x8 grid; a dense head maps the whole grid to the 9 slots, so a
slot can find its character on either line of a two-line plate.
"""

import torch
from torch import nn

from plate_formats import ALPHABET, SLOTS

INPUT_H, INPUT_W = 64, 128


def _conv(cin: int, cout: int, stride: int = 1) -> list:
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class PlateReader(nn.Module):
    def __init__(self):
        super().__init__()
        # about 46 M multiply-adds per crop: sized to train in ~30 CPU-minutes on 2 cores
        self.features = nn.Sequential(
            *_conv(3, 24, 2),  # 32x64
            *_conv(24, 32), nn.MaxPool2d(2),  # 16x32
            *_conv(32, 64), nn.MaxPool2d(2),  # 8x16
            *_conv(64, 96), *_conv(96, 96), nn.MaxPool2d(2),  # 4x8
            *_conv(96, 128),
            nn.Conv2d(128, 32, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.2),
            nn.Linear(32 * 4 * 8, 384), nn.ReLU(inplace=True), nn.Dropout(0.1),
            nn.Linear(384, SLOTS * len(ALPHABET)),
        )

    def logits(self, images: torch.Tensor) -> torch.Tensor:
        """images: uint8 [N,64,128,3] RGB. Returns [N,9,37] logits."""
        x = images.permute(0, 3, 1, 2).float() / 255.0
        return self.head(self.features(x)).view(-1, SLOTS, len(ALPHABET))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.logits(images), dim=-1)
