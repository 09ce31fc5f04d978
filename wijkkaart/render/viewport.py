"""What part of the map is shown: centre in RD New, metres per pixel, size in pixels. Qt-free."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

SCREEN_DPI = 96.0


@dataclass(frozen=True)
class Viewport:
    cx: float
    cy: float
    resolution: float  # map metres per pixel
    width: int
    height: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        half_w, half_h = self.width * self.resolution / 2, self.height * self.resolution / 2
        return (self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h)

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        minx, _, _, maxy = self.bounds
        return minx + px * self.resolution, maxy - py * self.resolution

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        minx, _, _, maxy = self.bounds
        return (x - minx) / self.resolution, (maxy - y) / self.resolution

    def scale_denominator(self, dpi: float = SCREEN_DPI) -> float:
        """The map scale 1:N for a screen of ``dpi``."""
        return self.resolution * dpi / 0.0254

    def zoomed(self, factor: float, px: float | None = None, py: float | None = None) -> Viewport:
        """Zoom in by ``factor`` (> 1 zooms in) keeping the map point under (px, py) in place."""
        px = self.width / 2 if px is None else px
        py = self.height / 2 if py is None else py
        x, y = self.to_map(px, py)
        resolution = min(max(self.resolution / factor, 0.05), 5000.0)
        cx = x - (px - self.width / 2) * resolution
        cy = y + (py - self.height / 2) * resolution
        return replace(self, cx=cx, cy=cy, resolution=resolution)

    def panned(self, dx: float, dy: float) -> Viewport:
        """Move the map with the mouse: (dx, dy) pixels."""
        return replace(self, cx=self.cx - dx * self.resolution, cy=self.cy + dy * self.resolution)

    def resized(self, width: int, height: int) -> Viewport:
        return replace(self, width=max(width, 1), height=max(height, 1))

    @classmethod
    def fit(
        cls,
        bounds: tuple[float, float, float, float],
        width: int,
        height: int,
        margin: float = 0.05,
    ) -> Viewport:
        minx, miny, maxx, maxy = (float(b) for b in bounds)
        span_x = max(maxx - minx, 1.0) * (1 + 2 * margin)
        span_y = max(maxy - miny, 1.0) * (1 + 2 * margin)
        resolution = max(span_x / max(width, 1), span_y / max(height, 1))
        return cls((minx + maxx) / 2, (miny + maxy) / 2, resolution, max(width, 1), max(height, 1))


def nice_scale(denominator: float) -> str:
    """'1:25.000' with Dutch thousands separators, rounded to 2 significant digits."""
    if denominator <= 0 or not math.isfinite(denominator):
        return "-"
    digits = max(math.floor(math.log10(denominator)) - 1, 0)
    rounded = round(denominator / 10**digits) * 10**digits
    return "1:" + f"{int(rounded):,}".replace(",", ".")
