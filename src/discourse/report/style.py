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
    "FRAME_COLOURS",
    "WIDTHS",
    "colour_for",
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


def colour_for(name: str, i: int = 0) -> str:
    """Colour of a frame (fixed for the packaged frames) or the ``i``-th palette colour."""
    return FRAME_COLOURS.get(str(name), PALETTE[i % len(PALETTE)])


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
