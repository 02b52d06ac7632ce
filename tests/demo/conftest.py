from tests.conftest_store import sqlite_template, store

__all__ = ["sqlite_template", "store"]
