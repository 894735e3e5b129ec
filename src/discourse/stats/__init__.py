"""Statistics on the tidy tables: shares with intervals that respect how the data were sampled.

Pure numpy / scipy / pandas: no spaCy. Imported by the layers that report numbers.
"""

from __future__ import annotations

from .intervals import wilson_interval
from .profile import PROFILE_COLUMNS, frame_profile

__all__ = ["PROFILE_COLUMNS", "frame_profile", "wilson_interval"]
