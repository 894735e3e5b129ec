"""Figure style shared by every ``plot_*`` function: journal sizes, fonts, a colour-blind-safe
palette, and byte-stable saving.

Sizes follow common journal columns: ``"single"`` = 3.5 in (89 mm), ``"double"`` = 7.2 in
(183 mm). The palette is Okabe & Ito (2008), distinguishable under the common forms of colour
blindness. :func:`save_figure` writes PDF/SVG/PNG without creation dates or random ids, so the
same figure saved twice gives identical bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DiscourseError
from ..io import atomic_write

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "EXTRA_COLOURS",
    "FRAME_COLOURS",
    "WIDTHS",
    "MAX_HEIGHT",
    "colour_for",
    "frame_colours",
    "categorical_colours",
    "shorten_labels",
    "row_height",
    "figure_style",
    "new_figure",
    "figure_bytes",
    "save_figure",
]

#: Okabe-Ito colour-blind-safe palette (black last).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Paul Tol's "muted" colour-blind-safe scheme (2021), after Okabe-Ito when more colours are
#: needed (a frame a codebook adds, many groups in a line plot).
EXTRA_COLOURS: tuple[str, ...] = (
    "#882255",  # wine
    "#44AA99",  # teal
    "#332288",  # indigo
    "#999933",  # olive
    "#88CCEE",  # cyan
    "#CC6677",  # rose
    "#117733",  # green
    "#AA4499",  # purple
    "#DDCC77",  # sand
)

#: Fixed colours for the packaged frames, so a frame keeps its colour across figures.
FRAME_COLOURS: Mapping[str, str] = {
    "ally": "#0072B2",
    "beneficiary": "#009E73",
    "victim": "#E69F00",
    "perpetrator": "#D55E00",
    "none": "#999999",
    "unframed": "#999999",
}

#: Figure widths in inches.
WIDTHS: Mapping[str, float] = {"single": 3.5, "onehalf": 5.5, "double": 7.2}

#: Tallest figure drawn, in inches: a journal page less its caption (Elsevier 9.2 in,
#: Springer 9.2 in, Nature 9.7 in). Figures with many rows shrink their rows to fit.
MAX_HEIGHT = 9.0

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.0,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,
    "svg.hashsalt": "discourse",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def categorical_colours(n: int) -> list[str]:
    """``n`` distinct colours, the same for the same ``n``: Okabe-Ito (yellow, too pale for thin
    marks, and black last), then Paul Tol's muted scheme, then those 17 lightened in steps.

    Parameters
    ----------
    n : int
        How many colours.

    Returns
    -------
    list of str
        Hex colours, none repeated.
    """
    base = [c for c in PALETTE if c not in ("#F0E442", "#000000")] + list(EXTRA_COLOURS) + ["#000000", "#F0E442"]
    out = []
    for i in range(max(0, int(n))):
        colour, step = base[i % len(base)], i // len(base)
        out.append(colour if step == 0 else _lighten(colour, 1 - 0.6 ** step))
    return out


def _lighten(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` 0 = unchanged, 1 = white)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def frame_colours(frames: Sequence[str]) -> dict[str, str]:
    """A colour per frame: the packaged frames keep theirs (:data:`FRAME_COLOURS`); every other
    frame, in the order given, takes the next colour no packaged frame uses.

    The order of a codebook's frames is the order of its file, so a frame a researcher adds
    (say ``provider``) gets the same colour in every figure of that codebook, and never the
    colour of a packaged frame.

    Parameters
    ----------
    frames : sequence of str
        Frame names, in codebook order (``unframed`` and ``none`` are grey).

    Returns
    -------
    dict of str to str
        Frame name -> hex colour.
    """
    taken = {c.upper() for c in FRAME_COLOURS.values()}
    free = (c for c in categorical_colours(len(frames) + len(taken) + 1) if c.upper() not in taken)
    out = {}
    for name in frames:
        key = str(name)
        if key in out:
            continue
        out[key] = FRAME_COLOURS[key] if key in FRAME_COLOURS else next(free)
    return out


def colour_for(name: str, i: int = 0) -> str:
    """Colour of a frame (fixed for the packaged frames) or the ``i``-th of
    :func:`categorical_colours`.

    For a set of frames use :func:`frame_colours`: it never gives an added frame the colour of
    a packaged one.
    """
    return FRAME_COLOURS.get(str(name), categorical_colours(i + 1)[i])


def shorten_labels(labels: Sequence[object], width: int = 28) -> list[str]:
    """Labels cut to at most ``width`` characters in the middle (``men-engagement…2019-03``),
    so the start and the end of long document ids both stay readable.

    Labels that would become equal are cut less until they differ (or kept whole).

    Parameters
    ----------
    labels : sequence
        Tick labels (converted with ``str``).
    width : int, default 28
        Longest label kept whole.

    Returns
    -------
    list of str
    """
    text = [str(x) for x in labels]
    for w in range(max(width, 5), max((len(t) for t in text), default=0) + 1):
        out = [t if len(t) <= w else t[: (w - 1) - (w - 1) // 2].rstrip() + "\u2026" + t[len(t) - (w - 1) // 2 :].lstrip() for t in text]
        if len(set(out)) == len(set(text)):
            return out
    return text


def row_height(n_rows: int, *, per_row: float = 0.17, extra: float = 0.8, max_height: float = MAX_HEIGHT) -> float:
    """Height in inches of a figure with ``n_rows`` labelled rows: ``per_row`` each plus
    ``extra`` for axes and titles, at most ``max_height`` (the rows then get thinner)."""
    return float(min(max_height, max(1.2, per_row * max(1, n_rows) + extra)))


@contextmanager
def figure_style() -> Iterator[None]:
    """Context manager applying discourse's rcParams (fonts, line widths, palette)."""
    import matplotlib as mpl
    from cycler import cycler

    rc = dict(_RC)
    rc["axes.prop_cycle"] = cycler(color=list(PALETTE))
    with mpl.rc_context(rc):
        yield


def new_figure(
    width: str | float = "single",
    height: float | None = None,
    *,
    nrows: int = 1,
    ncols: int = 1,
    **kwargs: Any,
) -> tuple[Figure, Any]:
    """Create a figure sized for a journal column, in discourse's style.

    Parameters
    ----------
    width : {"single", "onehalf", "double"} or float, default "single"
        Column width name or inches.
    height : float, optional
        Inches; default ``0.75 * width``.
    nrows, ncols : int
        Subplot grid.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    fig, axes
    """
    import matplotlib.pyplot as plt

    if isinstance(width, str) and width not in WIDTHS:
        raise ValueError(f"width must be one of {', '.join(WIDTHS)} or inches, not {width!r}")
    w = WIDTHS[width] if isinstance(width, str) else float(width)
    h = height if height is not None else 0.75 * w
    with figure_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(w, h), **kwargs)
    return fig, axes


def figure_bytes(fig_or_ax: Figure | Axes, formats: Sequence[str] = ("pdf", "svg", "png"), *, dpi: int = 300) -> dict[str, bytes]:
    """A figure rendered in memory, byte-stable: ``{format: bytes}`` (what :func:`save_figure` writes)."""
    import io

    fig = fig_or_ax.figure if hasattr(fig_or_ax, "figure") and fig_or_ax.figure is not None else fig_or_ax
    metadata = {
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "discourse"},
        "svg": {"Date": None, "Creator": "discourse"},
        "png": {"Software": "discourse"},
    }
    wanted = [fmt.lower().lstrip(".") for fmt in formats]
    bad = [fmt for fmt in wanted if fmt not in metadata]
    if bad:
        raise DiscourseError(f"formats: {bad[0]!r} is not one of pdf, svg, png")
    out: dict[str, bytes] = {}
    with figure_style():
        for fmt in wanted:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata[fmt])
            out[fmt] = buffer.getvalue()
    return out


def save_figure(
    fig_or_ax: Figure | Axes,
    path: str | Path,
    formats: Sequence[str] = ("pdf", "svg", "png"),
    *,
    dpi: int = 300,
) -> list[Path]:
    """Save a figure in several formats with byte-stable output.

    Parameters
    ----------
    fig_or_ax : Figure or Axes
    path : str or Path
        Output path; its suffix (if any) is replaced by each format.
    formats : sequence of str, default ("pdf", "svg", "png")
    dpi : int, default 300
        Resolution of raster output.

    Returns
    -------
    list of Path
        The files written.
    """
    base = Path(path)
    if base.suffix.lower() in (".pdf", ".svg", ".png"):
        base = base.with_suffix("")
    # the name plus the format (a name such as "report.2019" keeps its dot), each file written
    # whole or not at all: a full disk never leaves half a figure under its name
    rendered = figure_bytes(fig_or_ax, formats, dpi=dpi)
    written = [atomic_write(base.parent / f"{base.name}.{fmt}", data) for fmt, data in rendered.items()]
    return written
