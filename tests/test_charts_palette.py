"""The status colours stay apart for colour-blind readers, and the marks drawn on them are readable.

Colour vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes (2009,
severity 1.0) in linear RGB; distances are CIELAB ΔE (1976). Twenty units apart is clearly
distinguishable side by side; the old red/green pair fell to 16 for deutan vision.
"""

from __future__ import annotations

import itertools
import math

import pytest

from ntm.palette import MET, MISSING, NOT_MET, STATUS_COLORS, STATUS_TEXT_COLORS, xlsx_fill

SIMULATIONS = {
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
               (-0.003882, -0.048116, 1.051998)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
               (-0.011820, 0.042940, 0.968881)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
               (0.004733, 0.691367, 0.303900)),
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
MIN_DISTANCE = 20.0


def _linear(hex_colour: str) -> tuple[float, ...]:
    channels = [int(hex_colour.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _seen(hex_colour: str, vision: str) -> tuple[float, ...]:
    rgb = _linear(hex_colour)
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in SIMULATIONS[vision])


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: str, b: str, vision: str) -> float:
    return math.dist(_lab(_seen(a, vision)), _lab(_seen(b, vision)))


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = _linear(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_simulation_sees_what_it_should():
    # Protan and deutan vision confuse a pure red with a green of the same lightness; tritan does not.
    assert _distance("#C62828", "#2E7D32", "deutan") < 20 < _distance("#C62828", "#2E7D32", "tritan")


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_every_pair_of_statuses_stays_apart(vision):
    close = [(a, b, round(_distance(STATUS_COLORS[a], STATUS_COLORS[b], vision), 1))
             for a, b in itertools.combinations(STATUS_COLORS, 2)
             if _distance(STATUS_COLORS[a], STATUS_COLORS[b], vision) < MIN_DISTANCE]
    assert close == []


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_met_and_not_met_are_far_apart(vision):
    assert _distance(STATUS_COLORS[MET], STATUS_COLORS[NOT_MET], vision) > 35


@pytest.mark.parametrize("status", STATUS_COLORS)
def test_marks_are_readable_on_their_status_colour(status):
    assert _contrast(STATUS_COLORS[status], STATUS_TEXT_COLORS[status]) >= 4.5
    assert xlsx_fill(status) == (STATUS_COLORS[status], STATUS_TEXT_COLORS[status])


def test_no_data_is_the_lightest_status_so_it_never_reads_as_a_result():
    lightness = {s: _lab(_linear(c))[0] for s, c in STATUS_COLORS.items()}
    assert max(lightness, key=lightness.get) == MISSING
