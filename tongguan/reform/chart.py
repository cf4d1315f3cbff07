"""The chart of a reform's effect: per option and route, the persons who gain it, lose it, or get it
earlier or later (horizontal bars, losses to the left), as PNG bytes, in the project's CJK font."""

from __future__ import annotations

import io
from typing import Any

from ..render.drawing import cjk_font

__all__ = ["chart_png"]


def chart_png(summary: list[dict[str, Any]], title: str = "") -> bytes:
    """A PNG of the summary's gains (right) and losses (left) per option, earlier/later dates beside.

    Examples
    --------
    >>> png = chart_png([{"track": "职称评审", "option": "中级", "route": "常规", "gain": 1, "loss": 0,
    ...                   "earlier": 2, "later": 0}], "测试")
    >>> png[:4] == b"\\x89PNG"
    True
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = cjk_font()
    rc = {"font.family": [font]} if font else {}
    with matplotlib.rc_context(rc):
        labels = [f"{r['track']}：{r['option']}（{r['route']}）" for r in summary]
        n = max(1, len(labels))
        fig = Figure(figsize=(9, 2.0 + 0.6 * n), dpi=110, layout="constrained")
        ax = fig.add_subplot()
        y = list(range(len(labels)))
        h = 0.38
        gains = [r["gain"] for r in summary]
        losses = [-r["loss"] for r in summary]
        earlier = [r["earlier"] for r in summary]
        later = [-r["later"] for r in summary]
        ax.barh([v - h / 2 for v in y], gains, h, color="#2e7d32", label="获得")
        ax.barh([v - h / 2 for v in y], losses, h, color="#c62828", label="失去")
        ax.barh([v + h / 2 for v in y], earlier, h, color="#90caf9", label="提前")
        ax.barh([v + h / 2 for v in y], later, h, color="#ffcc80", label="推迟")
        for v, g, lo, e, la in zip(y, gains, losses, earlier, later, strict=True):
            for x, off in ((g, -h / 2), (lo, -h / 2), (e, h / 2), (la, h / 2)):
                if x:
                    ax.text(x, v + off, f" {abs(x)} ", va="center", ha="left" if x > 0 else "right", fontsize=9)
        ax.axvline(0, color="#444", linewidth=0.8)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlabel("人数（失去、推迟在左；获得、提前在右）")
        if not labels:
            ax.text(0.5, 0.5, "花名册中无人受影响", transform=ax.transAxes, ha="center", va="center")
            ax.set_yticks([])
        lim = max([abs(x) for x in gains + losses + earlier + later] + [1]) * 1.25
        ax.set_xlim(-lim, lim)
        ax.xaxis.get_major_locator().set_params(integer=True)
        fig.legend(loc="outside lower center", fontsize=9, ncols=4, frameon=False)
        if title:
            import textwrap

            ax.set_title("\n".join(textwrap.wrap(title, 40)), fontsize=11)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()
