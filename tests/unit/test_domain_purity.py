"""The domain is pure: no Textual, no database. Checked two ways, each in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import complaints_tui.domain

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "sqlalchemy", "alembic")


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), f"{lint_imports} is missing: install the dev extras"
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.replace("0 broken", "")


IMPORT_EVERY_DOMAIN_MODULE = """
import importlib, json, pkgutil, sys
import complaints_tui.domain as domain
names = [m.name for m in pkgutil.walk_packages(domain.__path__, domain.__name__ + ".")]
for name in names:
    importlib.import_module(name)
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_importing_every_domain_module_loads_no_textual_or_database() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_DOMAIN_MODULE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {
        f"complaints_tui.domain.{path.stem}"
        for path in Path(complaints_tui.domain.__file__).parent.glob("*.py")
        if path.stem != "__init__"
    }
    assert expected <= set(report["modules"])
    assert "complaints_tui.domain.triage" in report["modules"]
    for package in FORBIDDEN:
        assert package not in report["loaded"], f"a domain module imports {package}"
