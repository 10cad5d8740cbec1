"""Vietnamese plate texts in the formats of Circular 79/2024/TT-BCA, as the project's grammar knows them
(src/Vision.Pipeline/Plates/VietnamesePlateGrammar.cs), plus foreign one-line plates so the model still reads any
country's characters.

A plate is drawn line by line (`lines`, with the separators printed on the plate); its label is the normalised text the
reader must output (A-Z and 0-9 in reading order, top line first).
"""

from dataclasses import dataclass
import random

DIGITS = "0123456789"
SERIES_LETTERS = "ABCDEFGHJKLMNPRSTUVXYZ"  # I, O, Q and W are not used in series
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_"  # the reader's 37 classes; '_' = empty slot
SLOTS = 9

# Area codes in use (Circular 24/2023 Appendix 2, kept by 79/2024): the same list as VietnamesePlateGrammar.s_areaCodes.
AREA_CODES = [11, 12, *range(14, 42), 43, *range(47, 87), 88, 89, 90, 92, 93, 94, 95, 97, 98, 99]

DIPLOMATIC_SERIES = ["NG", "NN", "QT", "CV"]
ECONOMIC_SERIES = ["LD", "KT", "DA", "TD", "HC", "MK"]


@dataclass(frozen=True)
class PlateText:
    kind: str  # car | car_square | motorbike | special | diplomatic | foreign
    lines: tuple  # printed lines, separators included
    label: str  # what the reader must output

    @property
    def two_line(self) -> bool:
        return len(self.lines) == 2


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def _area(rng: random.Random) -> str:
    return f"{rng.choice(AREA_CODES):02d}"


def _serial(rng: random.Random) -> tuple:
    """Five-digit serials (NNN.NN) since 2010, four-digit ones (NNNN) on older plates still on the road."""
    if rng.random() < 0.7:
        d = _digits(rng, 5)
        return f"{d[:3]}.{d[3:]}", d
    d = _digits(rng, 4)
    return d, d


def car(rng: random.Random) -> PlateText:
    area, letter = _area(rng), rng.choice(SERIES_LETTERS)
    printed, digits = _serial(rng)
    return PlateText("car", (f"{area}{letter}-{printed}",), f"{area}{letter}{digits}")


def car_square(rng: random.Random) -> PlateText:
    """Rear plate of cars with a square plate holder: series on top, serial below."""
    area, letter = _area(rng), rng.choice(SERIES_LETTERS)
    printed, digits = _serial(rng)
    return PlateText("car_square", (f"{area}{letter}", printed), f"{area}{letter}{digits}")


def motorbike(rng: random.Random) -> PlateText:
    area = _area(rng)
    roll = rng.random()
    if roll < 0.8:
        series = rng.choice(SERIES_LETTERS) + rng.choice(DIGITS)
    elif roll < 0.9:
        # two-letter series (since 2023); special series are not motorbike plates
        while True:
            series = rng.choice(SERIES_LETTERS) + rng.choice(SERIES_LETTERS)
            if series not in DIPLOMATIC_SERIES + ECONOMIC_SERIES:
                break
    else:
        series = rng.choice(SERIES_LETTERS) + rng.choice(DIGITS)
    printed, digits = _serial(rng)
    separator = rng.choice(["-", "-", "-", " "])
    return PlateText("motorbike", (f"{area}{separator}{series}", printed), f"{area}{series}{digits}")


def special(rng: random.Random) -> PlateText:
    area, series = _area(rng), rng.choice(ECONOMIC_SERIES + ["R"])
    d = _digits(rng, 5)
    return PlateText("special", (f"{area}{series}-{d[:3]}.{d[3:]}",), f"{area}{series}{d}")


def diplomatic(rng: random.Random) -> PlateText:
    area, series = _area(rng), rng.choice(DIPLOMATIC_SERIES)
    d = _digits(rng, 5)
    return PlateText("diplomatic", (f"{area}-{series}-{d[:3]}-{d[3:]}",), f"{area}{series}{d}")


def foreign(rng: random.Random) -> PlateText:
    """Any other country's one-line plate: 5 to 8 letters and digits in groups, at least one digit."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    while True:
        n = rng.randint(5, 8)
        chars = [rng.choice(DIGITS) if rng.random() < 0.5 else rng.choice(letters) for _ in range(n)]
        if any(c.isdigit() for c in chars):
            break
    text = "".join(chars)
    groups, i = [], 0
    while i < n:
        k = min(n - i, rng.randint(2, 4))
        groups.append(text[i:i + k])
        i += k
    return PlateText("foreign", (rng.choice([" ", "-", " "]).join(groups),), text)


KINDS = [(motorbike, 0.50), (car, 0.22), (car_square, 0.08), (special, 0.04), (diplomatic, 0.02), (foreign, 0.14)]


def random_plate(rng: random.Random) -> PlateText:
    roll, total = rng.random(), 0.0
    for make, weight in KINDS:
        total += weight
        if roll < total:
            return make(rng)
    return KINDS[-1][0](rng)


def encode(label: str) -> list:
    """The reader's target: one class per slot, '_' after the last character."""
    if len(label) > SLOTS:
        raise ValueError(f"{label}: more than {SLOTS} characters")
    padded = label + "_" * (SLOTS - len(label))
    return [ALPHABET.index(c) for c in padded]
