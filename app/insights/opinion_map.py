"""The opinion map drawn on the server as SVG: each group an ellipse, the reader's own point, nothing else.

An ellipse from a group's mean and covariance is an aggregate of at least k people; a convex hull would
not be (its corners are individual participants' positions). Colours and focus rings come from classes
(app/static/css/opinion-map.css) because the CSP forbids inline styles; presentation attributes carry the
same colours so that the standalone SVG (and a PDF built from it) looks the same without the stylesheet."""
import math
from dataclasses import dataclass

import numpy as np
from flask import render_template
from markupsafe import Markup

from .opinion import OpinionMapView

WIDTH, HEIGHT, PADDING = 640, 400, 56  # the padding leaves room for the labels above the regions
SIGMAS = 2.0  # an ellipse of two standard deviations holds most of a group
MIN_RADIUS = 0.06  # of the plot's extent: a group whose members all sit together is still visible
# Outlines ≥ 3:1 against the map's background; groups are told apart by their labels too, not by colour alone
PALETTE = ["#0b6b5f", "#b36b00", "#3b5ba5", "#a23b72", "#5c6b12"]


@dataclass
class Region:
    number: int
    size: int | None
    cx: float
    cy: float
    rx: float
    ry: float
    angle: float  # degrees, SVG's clockwise rotation
    colour: str

    @property
    def top(self) -> float:
        """The ellipse's highest point: its label sits just above, clear of the reader's marker."""
        t = math.radians(self.angle)
        return round(self.cy - math.hypot(self.rx * math.sin(t), self.ry * math.cos(t)), 1)


@dataclass
class Drawing:
    width: int
    height: int
    regions: list[Region]
    you: tuple[float, float] | None


def render_svg(view: OpinionMapView, interactive: bool = True, standalone: bool = False, rtl: bool = False) -> Markup:
    """The map as SVG markup: interactive on a page (regions are links to the table's rows), a plain
    role="img" picture otherwise (standalone file, briefing, PDF)."""
    return Markup(render_template("insights/opinion_svg.html", view=view, drawing=layout(view),
                                  interactive=interactive, standalone=standalone, rtl=rtl))


def layout(view: OpinionMapView) -> Drawing:
    """Data coordinates -> the SVG's, one scale for both axes (distances mean the same either way)."""
    shapes = [(g, *_axes(np.array(g.spread, dtype=float))) for g in view.groups]
    extent = _extent(shapes, view.you)
    floor = MIN_RADIUS * max(extent[2] - extent[0], extent[3] - extent[1], 1e-9)
    shapes = [(g, max(a, floor), max(b, floor), angle) for g, a, b, angle in shapes]
    extent = _extent(shapes, view.you)
    scale, to_svg = _projection(extent)
    regions = [Region(g.number, g.size, *to_svg(g.centre), a * scale, b * scale, -angle,
                      PALETTE[(g.number - 1) % len(PALETTE)]) for g, a, b, angle in shapes]
    return Drawing(WIDTH, HEIGHT, regions, to_svg(view.you) if view.you else None)


def _axes(spread: np.ndarray) -> tuple[float, float, float]:
    """Semi-axes (SIGMAS standard deviations) and angle in degrees of the covariance's ellipse."""
    if spread.shape != (2, 2) or not np.isfinite(spread).all():
        return 0.0, 0.0, 0.0
    values, vectors = np.linalg.eigh((spread + spread.T) / 2)
    values = np.clip(values, 0, None)
    major = vectors[:, 1]
    return (SIGMAS * math.sqrt(values[1]), SIGMAS * math.sqrt(values[0]),
            math.degrees(math.atan2(major[1], major[0])))


def _extent(shapes, you) -> tuple[float, float, float, float]:
    """The box holding every ellipse and the reader's point."""
    xs, ys = [], []
    for group, a, b, angle in shapes:
        t = math.radians(angle)
        half_w = math.hypot(a * math.cos(t), b * math.sin(t))
        half_h = math.hypot(a * math.sin(t), b * math.cos(t))
        xs += [group.centre[0] - half_w, group.centre[0] + half_w]
        ys += [group.centre[1] - half_h, group.centre[1] + half_h]
    if you:
        xs.append(you[0])
        ys.append(you[1])
    if not xs:
        return -1.0, -1.0, 1.0, 1.0
    return min(xs), min(ys), max(xs), max(ys)


def _projection(extent):
    """Scale and a function placing a data point in the SVG (y grows upwards in the data)."""
    x0, y0, x1, y1 = extent
    span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    scale = min((WIDTH - 2 * PADDING) / span_x, (HEIGHT - 2 * PADDING) / span_y)
    left = (WIDTH - span_x * scale) / 2
    top = (HEIGHT - span_y * scale) / 2

    def to_svg(point) -> tuple[float, float]:
        return round(left + (point[0] - x0) * scale, 1), round(top + (y1 - point[1]) * scale, 1)

    return scale, to_svg
