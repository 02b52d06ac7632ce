"""Shared test set-up. Keep it small: fixtures used across test folders only."""

from __future__ import annotations

import os

# NO_COLOR in the environment turns every snapshot monochrome (and unlike the committed SVGs).
os.environ.pop("NO_COLOR", None)
