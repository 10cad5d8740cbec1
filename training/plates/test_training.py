"""Checks of the training code (run: cd training/plates && /usr/bin/python3 -m unittest test_training -v).

Needs the training packages (VISION_TRAINING=1 ./setup.sh); the .NET test suite does not run these."""

import os
import subprocess
import sys
import tempfile
import unittest

import cv2
import numpy as np
import torch

import synth
from corrections import read_corrections
from model import PlateReader
from plate_formats import ALPHABET, AREA_CODES, SLOTS, encode, random_plate

HERE = os.path.dirname(os.path.abspath(__file__))


class SyntheticPlatesTest(unittest.TestCase):
    def test_same_seed_and_index_give_the_same_crop(self):
        first, label = synth.render(123, 9)
        again, label_again = synth.render(123, 9)
        self.assertEqual(label, label_again)
        self.assertTrue(np.array_equal(first, again))
        self.assertEqual(first.shape, (64, 128, 3))
        self.assertEqual(first.dtype, np.uint8)

    def test_vietnamese_labels_fit_the_readers_slots_and_use_real_area_codes(self):
        import random
        rng = random.Random(5)
        for _ in range(2000):
            plate = random_plate(rng)
            self.assertLessEqual(len(plate.label), SLOTS)
            self.assertTrue(all(c in ALPHABET[:-1] for c in plate.label), plate)
            if plate.kind != "foreign":
                self.assertIn(int(plate.label[:2]), AREA_CODES, plate)
        self.assertEqual(encode("75A18283")[-1], ALPHABET.index("_"))


class CorrectionsFineTuneTest(unittest.TestCase):
    def test_trainer_fine_tunes_on_a_folder_written_like_export_corrections(self):
        with tempfile.TemporaryDirectory() as work:
            folder = os.path.join(work, "corrections")
            os.makedirs(folder)
            lines = []
            for i in range(3):
                image, label = synth.render(i, 77)
                name = f"hue-le-loi-1_{i}.jpg"
                cv2.imwrite(os.path.join(folder, name), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
                lines.append(f"{name}\t{label}")
            with open(os.path.join(folder, "labels.tsv"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            items = read_corrections(folder)
            self.assertEqual([label for _, label in items], [line.split("\t")[1] for line in lines])

            start = os.path.join(work, "start.pt")
            torch.save(PlateReader().state_dict(), start)
            out = os.path.join(work, "tuned")
            subprocess.run([sys.executable, os.path.join(HERE, "train.py"), "--out", out, "--init", start,
                            "--corrections", folder, "--steps", "2", "--batch", "4", "--corrections-every", "2",
                            "--checkpoint-every", "1000"], check=True, cwd=HERE, stdout=subprocess.DEVNULL)
            self.assertTrue(os.path.getsize(os.path.join(out, "model.onnx")) > 100_000)
            with open(os.path.join(out, "training.json"), encoding="utf-8") as f:
                self.assertIn('"corrections": 3', f.read())


if __name__ == "__main__":
    unittest.main()
