"""One fixed colour per dimension value (source, persona, segment …), the same on every page and in the report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dashboard import config

FIXED: dict[str, str] = {config.OTHER_LABEL: config.OTHER_COLOUR, config.NONE_LABEL: config.NONE_COLOUR}


def colour_map(values: Iterable[object]) -> dict[str, str]:
    """A colour per value, in the order given: the palette first, then grey shades; Other and (none) fixed.

    Pass the values in a stable order (metrics.filter_options: most common over all the data first), not the
    order of one filtered view, so that a value keeps its colour whatever the filter.
    """
    out = dict(FIXED)
    ranked = [v for v in dict.fromkeys(str(v) for v in values) if v not in FIXED]
    shades = config.DIMENSION_PALETTE + config.BEYOND_PALETTE_GREYS
    for rank, value in enumerate(ranked):
        out[value] = shades[rank % len(shades)]
    return out


def pick(shown: Iterable[object], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """The colours of the values one chart shows: each its mapped colour; a value the map lacks (or every value,
    without a map) takes the first palette or grey colour no other shown value has."""
    names = list(dict.fromkeys(str(v) for v in shown))
    mapping = mapping if mapping is not None else {}
    out = {v: mapping[v] for v in names if v in mapping}
    out.update({v: FIXED[v] for v in names if v in FIXED and v not in out})
    spare = [c for c in config.DIMENSION_PALETTE + config.BEYOND_PALETTE_GREYS if c not in out.values()]
    for value in (v for v in names if v not in out):
        out[value] = spare.pop(0) if spare else config.OTHER_COLOUR
    return {v: out[v] for v in names}
