"""core must work without Qt: import every core module with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import desktop_app.core

CORE = Path(desktop_app.core.__file__).parent


def test_every_core_module_imports_without_pyside6() -> None:
    modules = sorted(
        ".".join(("desktop_app", "core", *p.relative_to(CORE).with_suffix("").parts)) for p in CORE.rglob("*.py") if p.name != "__init__.py"
    )
    assert len(modules) >= 10
    script = f"""
import importlib, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError("Qt is not allowed in core: " + name)
sys.meta_path.insert(0, Block())
for name in {modules!r}:
    importlib.import_module(name)
bad = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
assert not bad, bad
print("ok", len({modules!r}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_blocker_really_blocks() -> None:
    script = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("blocked")
sys.meta_path.insert(0, Block())
import desktop_app.gui.theme
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "blocked" in result.stderr
