"""Fuzz tests (hypothesis): a small, derandomised size in CI; `make soak` sets
COMPLAINTS_FUZZ_EXAMPLES for a larger, random one."""

from tests.conftest_store import sqlite_template, staff, store

__all__ = ["sqlite_template", "staff", "store"]
