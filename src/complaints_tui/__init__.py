"""complaints-tui: log, triage and work social-housing complaints from a terminal."""

__version__ = "0.1.0"
