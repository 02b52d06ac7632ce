"""How hard the fuzz tests try: 50 examples each, the same ones every run (CI), unless
COMPLAINTS_FUZZ_EXAMPLES asks for more (`make soak`), which also draws new ones each run."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_ASKED = os.environ.get("COMPLAINTS_FUZZ_EXAMPLES", "").strip()
EXAMPLES = int(_ASKED) if _ASKED.isdigit() and int(_ASKED) > 0 else 50

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not _ASKED,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
