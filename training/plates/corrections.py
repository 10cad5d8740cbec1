"""Labelled crops on disk, in the format `vision plates export-corrections` writes and shared/samples/plates/vn_crops
uses: a folder with the crop images and `labels.tsv`, one `file<TAB>text` line per crop (text as printed, e.g.
`75-H1 425.99`; separators are dropped, Đ reads as D)."""

import os
import unicodedata

import cv2
import numpy as np

from plate_formats import SLOTS


def normalise(text: str) -> str:
    text = text.upper().replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if ("A" <= c <= "Z") or ("0" <= c <= "9"))


def read_labelled(folder: str) -> list:
    """(file name, RGB uint8 image, normalised text) for each line of folder/labels.tsv whose image loads."""
    items = []
    with open(os.path.join(folder, "labels.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0] or parts[0].startswith("#"):
                continue
            image = cv2.imread(os.path.join(folder, parts[0]), cv2.IMREAD_COLOR)
            if image is None:
                continue
            items.append((parts[0], cv2.cvtColor(image, cv2.COLOR_BGR2RGB), normalise(parts[1])))
    return items


def read_corrections(folder: str) -> list:
    """(image, label) pairs the reader can learn: 1 to 9 characters."""
    return [(image, text) for _, image, text in read_labelled(folder) if 0 < len(text) <= SLOTS]


if __name__ == "__main__":
    import sys
    items = read_corrections(sys.argv[1])
    print(f"{len(items)} usable crops; heights {sorted(i.shape[0] for i, _ in items)[:: max(1, len(items) // 10)]}")
