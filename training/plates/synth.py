"""Synthetic Vietnamese plate crops as a street camera sees them.

`render(index, seed)` is a pure function of its arguments: the same seed and index always give the same crop, so a
training run is reproducible and data can be generated in any order. A crop is drawn large (plate, characters, border,
screws, frame, dirt, shadow), put on a vehicle-coloured background with a detector-like margin, warped in perspective,
often from above, then taken to the size a camera 15-30 m away records (14-36 px high, some larger), blurred, exposed
for day or night, noised, JPEG-compressed, and stretched back to the reader's 128x64 input as the reader stretches a crop.

Run `python3 synth.py OUT.png` to see a sheet of examples.
"""

import functools
import math
import random
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from plate_formats import random_plate

INPUT_W, INPUT_H = 128, 64

# Freely licensed fonts from Debian packages, closest first to the condensed DIN-like typeface of Vietnamese plates.
FONTS = [
    ("/usr/share/fonts/truetype/opendin/OSP-DIN.ttf", 4),  # fonts-opendin (OFL)
    ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf", 2),  # fonts-liberation (OFL)
    ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf", 2),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", 2),  # fonts-dejavu-core (Bitstream Vera licence)
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf", 1),
    ("/usr/share/fonts/opentype/bebas-neue/BebasNeue-Regular.otf", 1),  # fonts-bebas-neue (OFL)
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", 1),
]

# (background, characters) per plate colour of Circular 79/2024: white private, yellow commercial transport,
# blue state agencies, red military.
COLOURS = [
    (((235, 235, 230), (25, 25, 25)), 0.62),
    (((240, 200, 40), (20, 20, 20)), 0.18),
    (((30, 70, 160), (245, 245, 245)), 0.12),
    (((190, 30, 30), (245, 245, 245)), 0.08),
]

# Physical plate sizes in mm (width, height) and the share of the height the characters take per line.
SIZES = {
    "motorbike": ((190, 140), 0.36),
    "car_square": ((280, 200), 0.36),
    "car": ((520, 110), 0.70),
    "special": ((520, 110), 0.70),
    "diplomatic": ((520, 110), 0.68),
    "foreign": ((520, 110), 0.68),
}

# A tight crop as a plate detector or an annotator cuts it from a real street camera: mostly white film with dark
# blue-grey, narrow, tall characters of thin-looking strokes at low contrast, little rotation, little margin.
TIGHT_COLOURS = [
    (((225, 232, 242), (45, 45, 65)), 0.85),
    (((240, 200, 40), (20, 20, 20)), 0.10),
    (((30, 70, 160), (245, 245, 245)), 0.05),
]
TIGHT_SHARE = 0.7  # of the crops

RENDER_HEIGHT = 84  # px a plate is drawn at, before the camera takes it down


def weighted(rng, items):
    roll, total = rng.random() * sum(w for _, w in items), 0.0
    for item, w in items:
        total += w
        if roll < total:
            return item
    return items[-1][0]


@functools.lru_cache(maxsize=None)
def font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, 96)


# The plate typeface's "1" is a stem with a flag and no foot. Where a font draws a foot, at 5-8 px a footed "1" is
# another shape than the real one, and real footless ones were read as "7": the foot is taken off.
FOOTED_ONE_FONTS = {"LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf", "DejaVuSansCondensed.ttf",
                    "DejaVuSansCondensed-Bold.ttf", "LiberationSans-Bold.ttf"}


@functools.lru_cache(maxsize=None)
def glyph(font_path: str, ch: str) -> np.ndarray:
    """Ink mask of one character, cropped left-right to its ink and top-bottom to the font's cap height (+2 px)."""
    f = font(font_path)
    left, _, right, _ = f.getbbox(ch)
    _, top, _, bottom = f.getbbox("0")
    canvas = Image.new("L", (right - left + 4, 140), 0)
    ImageDraw.Draw(canvas).text((2 - left, 10), ch, fill=255, font=f)
    mask = np.asarray(canvas)
    cols = np.where(mask.max(axis=0) > 0)[0]
    if len(cols) == 0:
        return np.zeros((bottom - top + 4, 1), np.uint8)
    mask = np.ascontiguousarray(mask[max(0, 10 + top - 2):10 + bottom + 2, cols[0]:cols[-1] + 1])
    if ch == "1" and font_path.rsplit("/", 1)[-1] in FOOTED_ONE_FONTS:
        rows = mask.shape[0]
        stem = mask[rows // 3:2 * rows // 3].max(axis=0) > 128  # the columns of the stem, below the flag
        mask[int(rows * 0.75):, ~stem] = 0
        cols = np.where(mask.max(axis=0) > 0)[0]
        mask = np.ascontiguousarray(mask[:, cols[0]:cols[-1] + 1])
    return mask


def draw_line(text: str, font_path: str, height: int, condense: float, spacing: float) -> np.ndarray:
    """Ink mask (0-255) of one printed line, characters `height` px tall, drawn one by one with plate spacing."""
    pieces = []
    gap = np.zeros((height, max(1, int(height * spacing))), np.uint8)
    for ch in text:
        if ch == " ":
            pieces.append(np.zeros((height, max(1, int(height * 0.35))), np.uint8))
            continue
        mask = glyph(font_path, ch)
        scale = height / float(mask.shape[0])
        w = max(1, int(round(mask.shape[1] * scale * condense)))
        pieces.append(cv2.resize(mask, (w, height), interpolation=cv2.INTER_AREA))
        pieces.append(gap)
    return np.concatenate(pieces, axis=1) if pieces else np.zeros((height, 1), np.uint8)


def render_plate(rng: random.Random, plate, tight: bool = False):
    """The plate face, drawn flat: RGB image (h, w, 3) float32 0-255."""
    (mm_w, mm_h), line_share = SIZES[plate.kind]
    h = RENDER_HEIGHT if plate.two_line else int(RENDER_HEIGHT * 0.55)
    w = int(round(h * mm_w / mm_h * rng.uniform(0.95, 1.05)))
    background, ink = weighted(rng, TIGHT_COLOURS if tight else COLOURS)
    if plate.kind in ("diplomatic", "foreign") and rng.random() < 0.7:
        background, ink = ((235, 235, 230), (25, 25, 25)) if rng.random() < 0.7 else ((240, 200, 40), (20, 20, 20))
    tint = np.array(background, np.float32) * rng.uniform(0.8, 1.05) + np.array([rng.uniform(-12, 12) for _ in range(3)], np.float32)
    face = np.ones((h, w, 3), np.float32) * np.clip(tint, 0, 255)
    # reflective film is brighter in the middle than at the edges
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    face *= (1.0 - rng.uniform(0, 0.12) * (((xx / w - 0.5) ** 2) * 2 + ((yy / h - 0.5) ** 2) * 2))[..., None]

    font_path = weighted(rng, FONTS)
    condense = rng.uniform(0.55, 0.85) if tight else rng.uniform(0.7, 1.0)
    spacing = rng.uniform(0.04, 0.14)
    strip_w = 0
    if plate.kind == "foreign" and rng.random() < 0.5:
        strip_w = int(w * 0.08)  # EU-style blue band with a country code the reader must not read
        face[:, :strip_w] = (30, 60, 150)
        code = draw_line(rng.choice(["CZ", "D", "PL", "SK", "H", "A", "HR"]), font_path, max(4, h // 5), 0.9, 0.05)
        code = code[:, :strip_w - 2] if code.shape[1] > strip_w - 2 else code
        y, x = int(h * 0.7) - code.shape[0] // 2, 1
        region = face[y:y + code.shape[0], x:x + code.shape[1]]
        region[:] = region * (1 - code[:region.shape[0], :region.shape[1], None] / 255.0) + np.array([230, 230, 230]) * code[:region.shape[0], :region.shape[1], None] / 255.0

    line_h = int(h * line_share * (rng.uniform(1.05, 1.25) if tight else rng.uniform(0.9, 1.08)))
    usable_w = w - strip_w - int(w * 0.08)
    n = len(plate.lines)
    for i, text in enumerate(plate.lines):
        mask = draw_line(text, font_path, line_h, condense, spacing).astype(np.float32) / 255.0
        if mask.shape[1] > usable_w:  # squeeze a long line into the plate
            mask = cv2.resize(mask, (usable_w, line_h), interpolation=cv2.INTER_AREA)
        elif rng.random() < 0.6 and plate.two_line:  # plates spread characters across the width
            stretch = min(usable_w, int(mask.shape[1] * rng.uniform(1.0, 1.25)))
            mask = cv2.resize(mask, (stretch, line_h), interpolation=cv2.INTER_LINEAR)
        mh, mw = mask.shape
        cy = h * ((i + 0.5) / n) + rng.uniform(-0.03, 0.03) * h
        if n == 2:
            cy = h * (0.27 if i == 0 else 0.73) + rng.uniform(-0.03, 0.03) * h
        y0 = int(round(cy - mh / 2))
        x0 = strip_w + (w - strip_w - mw) // 2 + int(rng.uniform(-0.03, 0.03) * w)
        y0, x0 = max(0, min(h - mh, y0)), max(0, min(w - mw, x0))
        weight = rng.uniform(0.6, 0.95) if tight else rng.uniform(0.85, 1.0)
        region = face[y0:y0 + mh, x0:x0 + mw]
        region[:] = region * (1 - mask[..., None] * weight) + np.array(ink, np.float32) * mask[..., None] * weight

    # embossed border line
    t = max(1, int(h * rng.uniform(0.015, 0.04)))
    inset = int(h * rng.uniform(0.0, 0.04))
    cv2.rectangle(face, (inset, inset), (w - 1 - inset, h - 1 - inset), tuple(float(c) for c in ink), t)
    if rng.random() < 0.6:  # screws or their holes
        r = max(2, int(h * rng.uniform(0.025, 0.045)))
        colour = rng.choice([(180, 180, 180), (60, 60, 60), (200, 170, 60)])
        ys = [int(h * 0.12)] if plate.two_line else [int(h * 0.5)]
        xs = [int(w * 0.18), int(w * 0.82)] if plate.two_line else [int(w * 0.06), int(w * 0.94)]
        for x in xs:
            for y in ys:
                cv2.circle(face, (x, y), r, colour, -1)
    return face


def dirt_and_shadow(rng: random.Random, face: np.ndarray) -> np.ndarray:
    h, w = face.shape[:2]
    if rng.random() < 0.35:  # dirt: soft brown blotches
        layer = np.zeros((h, w), np.float32)
        for _ in range(rng.randint(1, 8)):
            cv2.circle(layer, (rng.randrange(w), rng.randrange(h)), rng.randint(2, max(3, h // 5)), rng.uniform(0.2, 0.6), -1)
        layer = cv2.GaussianBlur(layer, (0, 0), max(1.0, h / 30))
        face = face * (1 - layer[..., None]) + np.array([90, 75, 55], np.float32) * layer[..., None]
    if rng.random() < 0.3:  # shadow edge across the plate
        angle = rng.uniform(0, math.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        d = (xx - rng.uniform(0, w)) * math.cos(angle) + (yy - rng.uniform(0, h)) * math.sin(angle)
        soft = max(1.0, h * rng.uniform(0.02, 0.2))
        shade = 1 - rng.uniform(0.3, 0.65) / (1 + np.exp(np.clip(-d / soft, -30, 30)))
        face = face * shade[..., None]
    return face


def add_frame(rng: random.Random, face: np.ndarray) -> np.ndarray:
    """A plastic or metal plate holder around the plate."""
    if rng.random() > 0.4:
        return face
    h, w = face.shape[:2]
    t = max(2, int(h * rng.uniform(0.04, 0.12)))
    colour = np.array(rng.choice([(20, 20, 20), (150, 150, 150), (200, 200, 200), (120, 20, 20), (20, 40, 120)]), np.float32)
    framed = np.ones((h + 2 * t, w + 2 * t, 3), np.float32) * colour
    framed[t:t + h, t:t + w] = face
    return framed


def vehicle_background(rng: random.Random, h: int, w: int) -> np.ndarray:
    base = np.array(rng.choice([(20, 20, 20), (60, 60, 65), (200, 200, 205), (150, 30, 30), (30, 50, 120),
                                (90, 90, 90), (230, 230, 230), (40, 40, 40), (120, 100, 70)]), np.float32)
    bg = np.ones((h, w, 3), np.float32) * base * rng.uniform(0.6, 1.2)
    cells = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 25, (max(2, h // 12), max(2, w // 12), 1)).astype(np.float32)
    noise = cv2.resize(np.repeat(cells, 3, axis=2), (w, h), interpolation=cv2.INTER_LINEAR)
    return bg + noise


def place_in_view(rng: random.Random, face: np.ndarray, tight: bool = False) -> np.ndarray:
    """Perspective and rotation, on a vehicle background, cropped the way a detector box crops a plate."""
    h, w = face.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    j = rng.uniform(0.0, 0.05 if tight else 0.12)
    dst = src + np.float32([[rng.uniform(-j, j) * w, rng.uniform(-j, j) * h] for _ in range(4)])
    if rng.random() < 0.6:  # a camera mounted above the road: the plate's top edge comes out narrower
        inset = rng.uniform(0.0, 0.1) * w
        dst[0, 0] += inset
        dst[1, 0] -= inset
    angle = math.radians(rng.gauss(0, 1.5 if tight else 4))
    centre = dst.mean(axis=0)
    rot = np.float32([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    dst = (dst - centre) @ rot.T + centre
    # crop box: the quad's bounding box, each side moved in or out by a detector's error
    x0, y0 = dst.min(axis=0)
    x1, y1 = dst.max(axis=0)
    bw, bh = x1 - x0, y1 - y0
    mx, my = (0.05, 0.06) if tight else (0.12, 0.18)
    box = [x0 - rng.uniform(-0.03, mx) * bw, y0 - rng.uniform(-0.04, my) * bh,
           x1 + rng.uniform(-0.03, mx) * bw, y1 + rng.uniform(-0.04, my) * bh]
    out_w, out_h = max(8, int(round(box[2] - box[0]))), max(8, int(round(box[3] - box[1])))
    dst = dst - np.float32([box[0], box[1]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    bg = vehicle_background(rng, out_h, out_w)
    warped = cv2.warpPerspective(face, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    view = bg * (1 - mask[..., None]) + warped * mask[..., None]
    if rng.random() < 0.12:  # partial occlusion at an edge: a leg, a bag, the next vehicle
        ow, oh = int(out_w * rng.uniform(0.04, 0.14)), int(out_h * rng.uniform(0.2, 0.7))
        ox = 0 if rng.random() < 0.5 else out_w - ow
        oy = rng.randint(0, max(0, out_h - oh))
        view[oy:oy + oh, ox:ox + ow] = np.array([rng.uniform(0, 120)] * 3)
    return view


def camera(rng: random.Random, view: np.ndarray, np_rng: np.random.Generator, difficulty: float = 1.0, small_only: bool = False) -> np.ndarray:
    """What a street camera records of the view at a small size, then stretched to the reader's input.
    `difficulty` (0-1) scales how often the crop is small and degraded: training starts easy (a curriculum).
    `small_only`: every crop 14-36 px high and stretched by the reader alone, exactly what the small-plate reader is
    given (the service routes crops up to 36 px to it, as recorded); the random draws are the same either way."""
    h, w = view.shape[:2]
    small_crop = rng.random() < 0.8 * difficulty
    target_h = rng.uniform(14, 36) if small_crop or small_only else rng.uniform(36, 110)
    scale = target_h / h
    small_w, small_h = max(6, int(round(w * scale))), max(6, int(round(target_h)))
    if rng.random() < 0.3 * difficulty:  # optics blur before sampling
        view = cv2.GaussianBlur(view, (0, 0), rng.uniform(0.2, 0.7) / scale)
    small = cv2.resize(view, (small_w, small_h), interpolation=cv2.INTER_AREA)
    roll = rng.random() / max(difficulty, 1e-3)
    if roll < 0.45:  # motion blur along the vehicle's path
        length = rng.uniform(1.2, 3.0)
        k = int(math.ceil(length)) | 1
        kernel = np.zeros((k, k), np.float32)
        a = math.radians(rng.uniform(-30, 30) if rng.random() < 0.6 else rng.uniform(60, 120))
        c = k // 2
        for t in np.linspace(-length / 2, length / 2, 9):
            kernel[int(round(c + t * math.sin(a))), int(round(c + t * math.cos(a)))] += 1
        small = cv2.filter2D(small, -1, kernel / kernel.sum())
    elif roll < 0.65:  # defocus
        small = cv2.GaussianBlur(small, (0, 0), rng.uniform(0.3, 0.8))
    if rng.random() < 0.22 * difficulty:  # night: low exposure, gain noise, colour cast, some headlight glare
        small = 255 * (np.clip(small, 0, 255) / 255.0) ** rng.uniform(1.3, 2.5) * rng.uniform(0.35, 0.8)
        small += np.array([rng.uniform(-8, 8), rng.uniform(-8, 8), rng.uniform(0, 15)], np.float32)
        if rng.random() < 0.3:
            glare = np.zeros(small.shape[:2], np.float32)
            cv2.circle(glare, (rng.randrange(small_w), rng.randrange(small_h)), max(2, small_h // 2), 1.0, -1)
            small += cv2.GaussianBlur(glare, (0, 0), max(1.0, small_h / 4))[..., None] * rng.uniform(40, 160)
        noise_sigma = rng.uniform(4, 14)
    else:
        small = small * rng.uniform(0.75, 1.15) + rng.uniform(-25, 20)
        noise_sigma = rng.uniform(0, 6)
    small = small + np_rng.normal(0, noise_sigma, small.shape).astype(np.float32)
    small = np.clip(small, 0, 255).astype(np.uint8)
    if rng.random() < 0.15:  # infrared night cameras and grey streams
        grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
        small = cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB)
    if rng.random() < 0.85:
        ok, jpg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(30, 90)])
        small = cv2.imdecode(jpg, cv2.IMREAD_UNCHANGED)
    if rng.random() < 0.5 and not small_only:  # enlarged back by some other step before the reader
        small = cv2.resize(small, (int(small_w / scale), int(target_h / scale)), interpolation=rng.choice([cv2.INTER_LINEAR, cv2.INTER_CUBIC]))
    # the reader's own step: a plain stretch to 128x64
    return cv2.resize(small, (INPUT_W, INPUT_H), interpolation=cv2.INTER_LINEAR)


def render(index: int, seed: int, difficulty: float = 1.0, small_only: bool = False):
    """Crop `index` of the data set `seed`: (uint8 [64,128,3] RGB, label text); `small_only` as in `camera`."""
    rng = random.Random(seed * 1_000_003 + index)
    np_rng = np.random.default_rng([seed, index])
    plate = random_plate(rng)
    tight = rng.random() < TIGHT_SHARE
    face = render_plate(rng, plate, tight)
    face = dirt_and_shadow(rng, face)
    face = face if tight else add_frame(rng, face)
    view = place_in_view(rng, face, tight)
    return camera(rng, np.clip(view, 0, 255), np_rng, difficulty, small_only), plate.label


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "synth_examples.png"
    tiles = []
    for i in range(48):
        img, label = render(i, 7)
        tile = np.full((INPUT_H + 14, INPUT_W, 3), 255, np.uint8)
        tile[:INPUT_H] = img
        cv2.putText(tile, label, (2, INPUT_H + 11), cv2.FONT_HERSHEY_SIMPLEX, 0.38, (0, 0, 0), 1)
        tiles.append(tile)
    rows = [np.concatenate(tiles[r * 8:(r + 1) * 8], axis=1) for r in range(6)]
    cv2.imwrite(out, cv2.cvtColor(np.concatenate(rows, axis=0), cv2.COLOR_RGB2BGR))
    print(out)
