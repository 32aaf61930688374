"""Course packs (``.ctpack``): a course folder in a zip, with a manifest, that an instructor
builds, hands out (a USB stick, a shared folder) and a student installs.

A pack is a zip of the content root (course.yaml, sources.yaml, glossary.yaml, modules/,
questions/, pages/) and the pictures it uses (its own, and any of the program's diagrams it
refers to, so the pack stands alone), plus ``manifest.json``: format, course id, version and
title, when and by which version of the program it was built, and the size and SHA-256 of every
file. ``build_pack`` refuses to build a course with any problem.

A pack from someone else is untrusted input. ``open_pack`` refuses it whole, with the entry it
objects to, for: a name that is absolute, climbs out (``..``), uses backslashes or a drive, is
not valid UTF-8 or differs only in case from another; links, devices and other non-files; file
types a course does not use; more files, bigger files, a bigger total or a higher compression
ratio than the caps (zip bombs); a missing, unreadable or mismatching manifest (a file it does
not list, a file it lists that is missing, a size or hash that does not match); an invalid
course id. ``extract_pack`` then writes the files into a fresh folder, counting every byte
against the manifest, so nothing that passed the checks can grow on the way out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app import __version__
from desktop_app.core.errors import PackError

if TYPE_CHECKING:
    from desktop_app.core.content.problems import Problem
    from desktop_app.core.content.records import Course

PACK_SUFFIX = ".ctpack"
MANIFEST = "manifest.json"
PACK_FORMAT = 1
MAX_FILES = 3_000
MAX_PACK_BYTES = 400 * 2**20  # the zip file itself
MAX_TOTAL_BYTES = 300 * 2**20  # everything in it, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, per file and in all (text compresses about 4:1)
MAX_MANIFEST_BYTES = 4 * 2**20
TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".txt"}
PICTURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif"}
MAX_FILE_BYTES = {".svg": 1_000_000, ".png": 3_000_000, ".jpg": 3_000_000, ".jpeg": 3_000_000, ".gif": 3_000_000}
MAX_TEXT_BYTES = 2_000_000
_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}$")
_COURSE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?){0,7}$")


class Manifest(NamedTuple):
    course_id: str
    version: str
    title: str
    built_at: str
    tool_version: str
    files: dict[str, tuple[int, str]]  # name -> (size, sha256)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT,
            "course": {"id": self.course_id, "version": self.version, "title": self.title},
            "built_at": self.built_at,
            "tool": f"car-t-tutor {self.tool_version}",
            "files": {name: {"size": size, "sha256": digest} for name, (size, digest) in sorted(self.files.items())},
        }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- building


def pack_files(root: Path, assets: Path, course: Course) -> dict[str, Path]:
    """What goes into a pack: pack name -> file on disk. The course's own files, and the
    program's diagrams and pictures that ``course`` (loaded from ``root``) uses, copied in so
    that the pack works anywhere."""
    from desktop_app.core.content.markup import IMAGE, REFERENCE, resolve_image

    root = root.resolve()
    files: dict[str, Path] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            if path.suffix.lower() in TEXT_SUFFIXES | PICTURE_SUFFIXES:
                files[rel] = path
    used: set[str] = set()
    texts = [s.markdown for m in course.modules for s in m.sections] + [p.markdown for p in course.pages]
    for text in texts:
        used.update(m.group(1) for m in IMAGE.finditer(text))
        used.update(m.group(2) for m in REFERENCE.finditer(text))
    used.update(f"diagrams/{q.diagram}.svg" for q in course.bank if q.type == "hotspot")  # type: ignore[attr-defined]
    assets_root = assets.resolve()
    for src in sorted(used):
        image = resolve_image(src, root, assets)
        if image is not None and image.is_relative_to(assets_root) and not image.is_relative_to(root):
            files.setdefault(image.relative_to(assets_root).as_posix(), image)
    return files


def build_pack(root: Path, out: Path, assets: Path, warnings: list[Problem] | None = None) -> Manifest:
    """Validate the course at ``root`` and write it as a pack; PackError if it has any problem.
    What only deserves a warning (an item past its clinical review date) is added to ``warnings``."""
    from desktop_app.core.content.authoring import authoring_problems
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.exchange.outputs import check_output, course_files

    check_output(out, course_files(root))
    course = load_course(root, assets)
    course.problems.extend(authoring_problems(course))
    if warnings is not None:
        warnings.extend(sorted(course.warnings))
    if course.problems:
        shown = "\n".join(str(p) for p in sorted(course.problems)[:20])
        more = f"\n… and {len(course.problems) - 20} more" if len(course.problems) > 20 else ""
        raise PackError(
            f"{root} has {len(course.problems)} problem{'s' if len(course.problems) != 1 else ''}; no pack was built.",
            f"Fix them (car-t-tutor validate {root} lists them all) and build again:\n{shown}{more}",
        )
    files = pack_files(root, assets, course)  # (the course just checked: a 10x course takes seconds to load)
    contents = {name: path.read_bytes() for name, path in files.items()}
    manifest = Manifest(
        course.id,
        course.version,
        course.title,
        dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        __version__,
        {name: (len(data), _sha256(data)) for name, data in contents.items()},
    )
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr(MANIFEST, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False))
            for name in sorted(contents):
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same course gives the same bytes
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                z.writestr(info, contents[name])
        tmp.replace(out)  # a pack is whole or absent: never half a file under its name
    except OSError as exc:
        with contextlib.suppress(OSError):  # (the folder itself may be what failed)
            tmp.unlink(missing_ok=True)
        raise PackError(f"{out} could not be written: {exc.strerror or exc}.", "Choose another folder, or free some space.") from exc
    return manifest


# ---------------------------------------------------------------- reading someone else's pack


class PackInfo(NamedTuple):
    path: Path
    manifest: Manifest
    entries: dict[str, zipfile.ZipInfo]


def _refuse(path: Path, message: str) -> PackError:
    return PackError(f"{path.name} cannot be installed: {message}.", "Nothing was installed. Ask the person who made it for a new copy.")


def _check_name(pack: Path, name: str) -> str:
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        raise _refuse(pack, f"the entry '{name[:80]}' has an absolute or Windows path")
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".") for p in parts) or not parts:
        raise _refuse(pack, f"the entry '{name[:80]}' points outside the pack")
    if any(not _NAME_PART.match(p) for p in parts) or len(parts) > 4:
        raise _refuse(pack, f"the entry '{name[:80]}' has a name a course does not use")
    suffix = PurePosixPath(name).suffix.lower()
    if name != MANIFEST and suffix not in TEXT_SUFFIXES | PICTURE_SUFFIXES:
        raise _refuse(pack, f"the entry '{name[:80]}' is a kind of file a course does not use")
    return name


def open_pack(path: Path) -> PackInfo:
    """Read and check a pack without extracting anything; PackError naming the entry if it is refused."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise PackError(f"Cannot open {path}: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, "it is not a file")
    if st.st_size > MAX_PACK_BYTES:
        raise _refuse(path, f"it is larger than {MAX_PACK_BYTES // 2**20} MB")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, f"it is not a course pack (not a readable zip file: {exc})") from exc
    with z:
        infos = z.infolist()
        if len(infos) > MAX_FILES + 1:
            raise _refuse(path, f"it holds {len(infos)} files (at most {MAX_FILES})")
        entries: dict[str, zipfile.ZipInfo] = {}
        folded: dict[str, str] = {}
        total = 0
        packed = 0
        for info in infos:
            if info.flag_bits & 0x800 == 0 and any(ord(c) > 127 for c in info.filename):
                raise _refuse(path, f"the entry '{info.filename[:80]}' has a name that is not UTF-8")
            if info.is_dir():
                _check_name(path, info.filename.rstrip("/") + "/x.txt")
                continue
            name = _check_name(path, info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0: a zip tool that records no file type
            if kind and kind != stat.S_IFREG:
                raise _refuse(path, f"the entry '{name}' is a link or a device, not a file")
            if name in entries or name.casefold() in folded:
                raise _refuse(path, f"the entry '{name}' appears twice")
            folded[name.casefold()] = name
            cap = MAX_MANIFEST_BYTES if name == MANIFEST else MAX_FILE_BYTES.get(PurePosixPath(name).suffix.lower(), MAX_TEXT_BYTES)
            if info.file_size > cap:
                raise _refuse(path, f"the entry '{name}' is {info.file_size:,} bytes (at most {cap:,})")
            if info.file_size > 4096 and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise _refuse(path, f"the entry '{name}' expands more than {MAX_RATIO} times (a zip bomb?)")
            total += info.file_size
            packed += info.compress_size
            entries[name] = info
        if total > MAX_TOTAL_BYTES:
            raise _refuse(path, f"its files add up to {total // 2**20} MB (at most {MAX_TOTAL_BYTES // 2**20} MB)")
        if total > 65536 and total > MAX_RATIO * max(1, packed):
            raise _refuse(path, f"its files expand more than {MAX_RATIO} times (a zip bomb?)")
        if MANIFEST not in entries:
            raise _refuse(path, f"it has no {MANIFEST}")
        manifest = _read_manifest(path, _read_entry(z, entries[MANIFEST], path))
    listed = set(manifest.files)
    present = set(entries) - {MANIFEST}
    if present - listed:
        raise _refuse(path, f"the entry '{sorted(present - listed)[0]}' is not in its manifest")
    if listed - present:
        raise _refuse(path, f"its manifest lists '{sorted(listed - present)[0]}', which is not in the pack")
    for name, (size, _digest) in manifest.files.items():
        if entries[name].file_size != size:
            raise _refuse(path, f"the entry '{name}' does not match its manifest (size)")
    if "course.yaml" not in present:
        raise _refuse(path, "it has no course.yaml")
    return PackInfo(path, manifest, entries)


def _read_entry(z: zipfile.ZipFile, info: zipfile.ZipInfo, pack: Path) -> bytes:
    """An entry's bytes, never more than it declared (a forged size cannot make it grow)."""
    limit = info.file_size
    try:
        with z.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise _refuse(pack, f"the entry '{info.filename}' cannot be read ({exc})") from exc
    if len(data) != limit:
        raise _refuse(pack, f"the entry '{info.filename}' is not the size it says")
    return data


def _read_manifest(pack: Path, data: bytes) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        course = raw["course"]
        files = {
            _check_name(pack, str(name)): (int(meta["size"]), str(meta["sha256"]))
            for name, meta in dict(raw["files"]).items()
            if isinstance(meta, dict)
        }
        manifest = Manifest(
            str(course["id"]), str(course["version"]), str(course["title"]), str(raw.get("built_at", "")), str(raw.get("tool", "")), files
        )
        fmt = raw.get("format")
    except PackError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        why = "it is not JSON" if isinstance(exc, ValueError) else "it lacks the course's id, version, title or file list"
        raise _refuse(pack, f"its {MANIFEST} cannot be read ({why}): the pack was changed or damaged") from exc
    if fmt != PACK_FORMAT:
        raise _refuse(pack, f"it was made for another version of CAR-T Tutor (pack format {fmt!r}); install a newer version")
    if not _COURSE_ID.match(manifest.course_id):
        raise _refuse(pack, f"its course id '{manifest.course_id[:80]}' is not a valid id")
    if any(not re.fullmatch(r"[0-9a-f]{64}", d) for _s, d in manifest.files.values()):
        raise _refuse(pack, f"its {MANIFEST} has a hash that is not SHA-256")
    return manifest


def extract_pack(info: PackInfo, target: Path) -> None:
    """Write the pack's files into ``target`` (a new, empty folder), checking every hash."""
    target.mkdir(parents=True, exist_ok=False)
    base = target.resolve()
    with zipfile.ZipFile(info.path) as z:
        for name, (size, digest) in sorted(info.manifest.files.items()):
            data = _read_entry(z, info.entries[name], info.path)
            if len(data) != size or _sha256(data) != digest:
                raise _refuse(info.path, f"the entry '{name}' does not match its manifest (it was changed or damaged)")
            dest = (base / name).resolve()
            if not dest.is_relative_to(base):  # _check_name already refused this; never trust one check
                raise _refuse(info.path, f"the entry '{name}' points outside the pack")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "xb") as f:
                f.write(data)
        (base / MANIFEST).write_text(json.dumps(info.manifest.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")


def read_manifest_file(folder: Path) -> Manifest | None:
    """The manifest kept beside an installed course, or None."""
    try:
        return _read_manifest(folder / MANIFEST, (folder / MANIFEST).read_bytes())
    except (OSError, PackError):
        return None
