"""The conversion funnel: how many of each stage reach the next."""

from __future__ import annotations

import numpy as np

FUNNEL_COLUMNS = ("step_conversion", "drop_off", "from_first")


def funnel(stage_counts: np.ndarray) -> np.ndarray:
    """Per stage: step conversion, drop-off (1 - step) and conversion from the first stage.

    The first stage converts from itself (1, 0, 1); a stage after an empty one is NaN.
    """
    counts = np.ravel(stage_counts)
    counts = counts[~np.isnan(counts)]
    if counts.size == 0:
        return np.full((1, 3), np.nan)
    with np.errstate(all="ignore"):
        step = np.concatenate([[1.0], counts[1:] / counts[:-1]])
        cumulative = counts / counts[0]
    out = np.column_stack([step, 1 - step, cumulative])
    out[~np.isfinite(out)] = np.nan
    return out
