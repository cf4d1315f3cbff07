"""Where the overpass figure's movable words go: each label tries its places in turn and takes the first
whose text extent (as matplotlib measures it) meets no arrow but its own and no word already placed.

The places come from the figure's own geometry (points along a label's own arrow, either side of it,
the label broken onto two lines; beside, inside or under a box), never from coordinates of one policy,
so a second policy's figure is placed the same way (issue 11 item 8: no label overlaps another or an
arrow; `tests/test_figure_layout.py` checks it on the drawn figure).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Placer", "along", "arrow_polylines", "bezier", "box_places", "broken", "label_places", "place", "text_extent"]


def arrow_polylines(artist: Any) -> list[Any]:
    """The drawn path of an arrow (its line and its head) in display coordinates, as polylines
    (`matplotlib.path.Path`): curves flattened, a closing vertex never taken for a point."""
    from matplotlib.path import Path

    path = artist.get_transform().transform_path(artist.get_path())
    return [Path(poly) for poly in path.to_polygons(closed_only=False) if len(poly) > 1]


def text_extent(artist: Any, renderer: Any) -> Any:
    """The display box a text covers: its background box (the patch's pad included) when it has one."""
    box = artist.get_window_extent(renderer)
    patch = artist.get_bbox_patch()
    if patch is not None:
        pad = patch.get_boxstyle().pad * artist.get_fontsize() * artist.get_figure().dpi / 72
        box = box.padded(pad)
    return box


class Placer:
    """The arrows and words of one drawing, and the places left for the next word.

    `margin` (points) keeps a word that far from arrows and other words."""

    def __init__(self, renderer: Any, dpi: float, margin: float = 1.5):
        self.renderer = renderer
        self.margin = margin * dpi / 72
        self.dpi = dpi
        self.arrows: list[tuple[Any, list[Any], float]] = []
        self.boxes: list[Any] = []

    def arrow(self, artist: Any) -> None:
        """An arrow words must keep clear of (half its line width added)."""
        self.arrows.append((artist, arrow_polylines(artist), artist.get_linewidth() * self.dpi / 72 / 2))

    def word(self, artist: Any) -> None:
        """A word already in place (a heading, a box's text, the legend…)."""
        box = text_extent(artist, self.renderer) if hasattr(artist, "get_bbox_patch") else artist.get_window_extent(self.renderer)
        self.boxes.append(box)

    def clashes(self, box: Any, own: Iterable[Any] = ()) -> int:
        """How many arrows (but `own`) and placed words the display box `box` meets."""
        mine = {id(a) for a in own}
        box = box.padded(self.margin)
        n = sum(1 for b in self.boxes if box.overlaps(b))
        for artist, polys, pad in self.arrows:
            if id(artist) not in mine:
                wide = box.padded(pad)
                n += any(p.intersects_bbox(wide, filled=False) for p in polys)
        return n

    def place(self, artist: Any, places: Iterable[tuple[float, float, str, str]], own: Iterable[Any] = ()) -> bool:
        """Put text `artist` at the first of `places` (x, y in data units, ha, its words) that is clear,
        else at the one meeting least; the word then counts as placed.  True when clear."""
        own = list(own)
        best: tuple[int, tuple[float, float, str, str]] | None = None
        for place in places:
            x, y, ha, words = place
            artist.set_position((x, y))
            artist.set_ha(ha)
            artist.set_text(words)
            n = self.clashes(text_extent(artist, self.renderer), own)
            if best is None or n < best[0]:
                best = (n, place)
            if n == 0:
                break
        if best is not None:
            x, y, ha, words = best[1]
            artist.set_position((x, y))
            artist.set_ha(ha)
            artist.set_text(words)
        self.word(artist)
        return best is not None and best[0] == 0


def along(t0: float, step: float = 0.06, low: float = 0.15, high: float = 0.85) -> list[float]:
    """Points along an arrow from `t0` outwards, both ways, within [low, high].

    Examples
    --------
    >>> along(0.5, 0.1, 0.3, 0.7)
    [0.5, 0.4, 0.6, 0.3, 0.7]
    """
    out = [t0]
    k = 1
    while True:
        more = [t for t in (round(t0 - k * step, 6), round(t0 + k * step, 6)) if low - 1e-9 <= t <= high + 1e-9]
        if not more:
            return out
        out += more
        k += 1


def broken(words: str) -> list[str]:
    """The words as they are, then broken onto two lines at the space nearest the middle.

    Examples
    --------
    >>> broken("晋级、满1年 B-3.3.2")
    ['晋级、满1年 B-3.3.2', '晋级、满1年\\nB-3.3.2']
    """
    spaces = [i for i, c in enumerate(words) if c == " "]
    if not spaces:
        return [words]
    i = min(spaces, key=lambda i: abs(i - len(words) / 2))
    return [words, words[:i] + "\n" + words[i + 1 :].lstrip()]


def bezier(p0: tuple[float, float], p2: tuple[float, float], rad: float, t: float) -> tuple[float, float]:
    """The point `t` of the way along matplotlib's ``arc3,rad=`` curve from `p0` to `p2`.

    Examples
    --------
    >>> bezier((0.0, 0.0), (2.0, 0.0), 0.0, 0.5), bezier((0.0, 0.0), (2.0, 0.0), 0.5, 0.5)
    ((1.0, 0.0), (1.0, -0.5))
    """
    (x0, y0), (x2, y2) = p0, p2
    mx, my = (x0 + x2) / 2, (y0 + y2) / 2
    dx, dy = x2 - x0, y2 - y0
    cx, cy = mx + rad * dy, my - rad * dx
    return (
        (1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t**2 * x2,
        (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t**2 * y2,
    )


def place(fig: Any, ax: Any, pending: list[tuple[Any, list[tuple[float, float, str, str]], Any]]) -> None:
    """Every movable word at its first place clear of the arrows (but its own) and of the words placed
    before it (`tongguan.render.placement`): the arrows' labels, then the steps', then the held dates."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyArrowPatch

    renderer = FigureCanvasAgg(fig).get_renderer()
    placer = Placer(renderer, fig.dpi)
    movable = {id(t) for t, _, _ in pending}
    for patch in ax.patches:
        if isinstance(patch, FancyArrowPatch) and patch.get_alpha() != 0.01:  # not the hover strokes
            placer.arrow(patch)
    for line in ax.lines:
        placer.arrow(line)
    for t in ax.texts:
        if id(t) not in movable and t.get_text().strip():
            placer.word(t)
    if ax.get_legend() is not None:
        placer.word(ax.get_legend())
    for t, places, d in pending:
        placer.place(t, places, [d.artist, *d.overlays] if d is not None else [])


def label_places(d: Any) -> list[tuple[float, float, str, str]]:
    """Where an arrow's label may go: along its arrow from the place `tongguan.render.drawing._drawn_edges` chose (on the curve,
    or beside it on the side chosen, then the other side), whole first, then on two lines."""
    assert d.label_at is not None
    t0 = 0.5
    if d.ha == "center":  # the label on its arrow: find how far along the chosen place is
        t0 = min((i / 100 for i in range(101)), key=lambda t: _dist(bezier(d.start, d.end, d.rad, t), d.label_at))
    sides = {"center": [(0.0, "center")], "left": [(0.1, "left"), (-0.1, "right")], "right": [(-0.08, "right"), (0.08, "left")]}
    out = [(*d.label_at, d.ha, d.label)]
    for words in broken(d.label):
        for dx, ha in sides[d.ha]:
            for t in along(t0):
                x, y = bezier(d.start, d.end, d.rad, t)
                out.append((x + dx, y, ha, words))
    return out


def box_places(b: Any, words: str, kind: str) -> list[tuple[float, float, str, str]]:
    """Where a word about a box may go: a step's label above it, else below or beside it; the held date
    under it (or, for an award stacked with others, beside it or inside it on the right)."""
    top, bottom, left, right = b.y + b.h / 2, b.y - b.h / 2, b.x - b.w / 2, b.x + b.w / 2
    if kind == "step":
        return [
            (b.x, top + 0.22, "center", words),
            (right, top + 0.22, "center", words),
            (left, top + 0.22, "center", words),
            (right + 0.1, b.y + 0.3, "left", words),
            (left - 0.1, b.y + 0.3, "right", words),
            (b.x, bottom - 0.5, "center", words),
        ]
    if kind == "beside":
        return [(left - 0.1, b.y, "right", words), (right - 0.08, b.y, "right", words), (right + 0.1, b.y, "left", words)]
    return [
        (b.x - 0.3, bottom - 0.2, "center", words),
        (b.x + 0.3, bottom - 0.2, "center", words),
        (left, bottom - 0.2, "center", words),
        (right, bottom - 0.2, "center", words),
        (left - 0.1, bottom - 0.1, "right", words),
        (right + 0.1, bottom - 0.1, "left", words),
    ]


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
