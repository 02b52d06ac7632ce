from tests.conftest_store import sqlite_template, staff, store

__all__ = ["sqlite_template", "staff", "store"]
