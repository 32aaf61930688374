"""Where things live: the built-in course, its assets, and the learner's data folder.

One module decides every path, with overrides (``--data-dir``, ``CAR_T_TUTOR_DATA_DIR``) so
that tests and portable installs never touch the real user folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "car-t-tutor"
DATA_DIR_ENV = "CAR_T_TUTOR_DATA_DIR"
DB_FILENAME = "progress.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _installed_or_source(name: str) -> Path:
    # An installed wheel carries content/ and assets/ inside the package; a source checkout
    # keeps them at the top of the repository.
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def builtin_content_root() -> Path:
    return _installed_or_source("content")


def assets_dir() -> Path:
    return _installed_or_source("assets")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the progress database: the override, the env variable, or the platform's."""
    if override:
        chosen = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        chosen = Path(os.environ[DATA_DIR_ENV])
    else:
        import platformdirs

        chosen = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return chosen.expanduser()


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / DB_FILENAME


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Caches (parsed course, rendered pages): beside the data when a data folder is chosen."""
    if override or os.environ.get(DATA_DIR_ENV):
        return data_dir(override) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
