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
from onnx_graph import OnnxGraph
from plate_formats import ALPHABET, AREA_CODES, SLOTS, encode, random_plate

HERE = os.path.dirname(os.path.abspath(__file__))
GLOBAL_READER = os.path.join(HERE, "..", "..", "models", "fast_plate_ocr_cct_xs_v1_global.onnx")


class SyntheticPlatesTest(unittest.TestCase):
    def test_same_seed_and_index_give_the_same_crop(self):
        first, label = synth.render(123, 9)
        again, label_again = synth.render(123, 9)
        self.assertEqual(label, label_again)
        self.assertTrue(np.array_equal(first, again))
        self.assertEqual(first.shape, (64, 128, 3))
        self.assertEqual(first.dtype, np.uint8)

    def test_small_plates_take_the_same_draws_and_change_only_the_large_and_enlarged_crops(self):
        same = 0
        for i in range(40):
            crop, label = synth.render(i, 2024)
            small, small_label = synth.render(i, 2024, small_only=True)
            self.assertEqual(label, small_label)
            same += int(np.array_equal(crop, small))
        # A crop drawn 14-36 px high and not enlarged back (about 0.8 x 0.5) is the same crop either way.
        self.assertTrue(5 <= same <= 30, same)

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


@unittest.skipUnless(os.path.isfile(GLOBAL_READER), "run ./setup.sh first: it provisions models/")
class PublishedReaderFineTuneTest(unittest.TestCase):
    def test_torch_reads_the_published_graph_like_the_original_and_writes_it_back_unchanged(self):
        import onnx
        graph = OnnxGraph(GLOBAL_READER)
        image, _ = synth.render(3, 11)
        with torch.no_grad():
            slots = graph(torch.from_numpy(image[None]))
        self.assertEqual(tuple(slots.shape), (1, SLOTS, len(ALPHABET)))
        self.assertTrue(torch.allclose(slots.sum(dim=-1), torch.ones(1, SLOTS), atol=1e-4))
        with tempfile.TemporaryDirectory() as work:
            copy = os.path.join(work, "copy.onnx")
            graph.save_onnx(copy, "test")
            original, written = onnx.load(GLOBAL_READER), onnx.load(copy)
            self.assertEqual([n.op_type for n in original.graph.node], [n.op_type for n in written.graph.node])
            self.assertEqual({i.name: i.raw_data for i in original.graph.initializer if i.raw_data},
                             {i.name: i.raw_data for i in written.graph.initializer if i.raw_data})

    def test_fine_tune_of_the_published_reader_keeps_its_graph_and_frozen_weights(self):
        import onnx
        from onnx import numpy_helper
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, os.path.join(HERE, "train.py"), "--out", out, "--init-onnx", GLOBAL_READER,
                            "--freeze", "conv2d_1_", "--steps", "2", "--batch", "4", "--checkpoint-every", "1000"],
                           check=True, cwd=HERE, stdout=subprocess.DEVNULL)
            original = {i.name: numpy_helper.to_array(i) for i in onnx.load(GLOBAL_READER).graph.initializer}
            tuned = {i.name: numpy_helper.to_array(i) for i in onnx.load(os.path.join(out, "model.onnx")).graph.initializer}
        self.assertEqual(original.keys(), tuned.keys())
        stem = "CCT_OCR_1/conv_stem_1/conv2d_1/convolution/ReadVariableOp:0"
        head = "CCT_OCR_1/vocab_projection_1/dense_9_1/Cast/ReadVariableOp:0"
        self.assertTrue(np.array_equal(original[stem], tuned[stem]))
        self.assertFalse(np.array_equal(original[head], tuned[head]))


if __name__ == "__main__":
    unittest.main()
