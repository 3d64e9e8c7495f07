"""The extension's side files in the doctree folder: read with their shape checked,
written whole.

A side file is a note from one build to the next (the paper pages' stamps, the
generated pages, the pages still to write). The next build must not trust one blindly:
a killed build, a full disk or a hand edit can leave ``null``, another shape, half a
file or random bytes. :func:`read_json` gives None for anything but the expected
shape, and each reader then does what it does without the file, so that the output is
what a clean build gives. :func:`write_atomic` writes a file under a temporary name in
the same folder and renames it: a reader sees the old file or the new one, never part
of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["is_str_dict", "is_str_list", "read_json", "read_store", "write_atomic",
           "write_json", "write_store"]


def is_str_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def read_json(path: Path, valid: Callable[[Any], bool]) -> Any | None:
    """The JSON value in *path* if it has the shape *valid* checks; else None
    (missing, unreadable, not UTF-8, not JSON, or another shape)."""
    try:
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: [[[[... nested deep
        return None
    return value if valid(value) else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* whole: to a temporary file beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # the process id: two builds sharing a doctree folder never write the same file
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def write_json(path: Path, value: Any) -> None:
    write_atomic(path, json.dumps(value, sort_keys=True).encode("utf-8"))


# -- stores that grow by additions --------------------------------------------------

#: the share of a store that its additions, or its items no longer wanted, reach
#: before it is written whole again (see write_store)
REWRITE_AT = 0.25


def added_path(path: Path) -> Path:
    """Where the additions of the store *path* are kept (``x.pickle``: ``x-new.pickle``)."""
    return path.with_name(f"{path.stem}-new{path.suffix}")


def read_store(path: Path, signature: str, parts: tuple[str, ...],
               ) -> tuple[dict[str, dict], dict[str, set] | None]:
    """The dicts *parts* of the pickled store *path* with its additions
    (:func:`write_store`), made under *signature*, and the keys of each part that the
    store itself holds (None where it is missing, damaged or another signature's: the
    additions alone count then). A damaged file reads as empty."""
    found: dict[str, dict] = {part: {} for part in parts}
    on_disk = None
    for source in (path, added_path(path)):
        try:
            data = pickle.loads(source.read_bytes())
        except Exception:  # noqa: BLE001, S112 (missing, truncated or foreign: left out)
            continue
        if not isinstance(data, dict) or data.get("signature") != signature or not all(
                isinstance(data.get(part), dict) for part in parts):
            continue
        if source == path:
            on_disk = {part: set(data[part]) for part in parts}
        for part in parts:
            found[part].update(data[part])
    return found, on_disk


def write_store(path: Path, signature: str, current: dict[str, dict],
                on_disk: dict[str, set] | None) -> dict[str, set]:
    """Save *current* (part -> dict) as the store *path*: what the store does not hold
    goes into its additions, until they, or its items not in *current*, make
    :data:`REWRITE_AT` of it; then the store is written whole, and the additions go.
    An edit of one entry then writes some KB, not the whole store (some 15 MB at 5,000
    entries, whose writing costs 0.1 s of system time here). Returns the keys the store
    holds now, for the next save of this process."""
    if on_disk is not None:
        new = {part: {k: v for k, v in items.items() if k not in on_disk[part]}
               for part, items in current.items()}
        gone = sum(len(on_disk[part] - items.keys()) for part, items in current.items())
        held = sum(len(keys) for keys in on_disk.values())
        if sum(map(len, new.values())) + gone <= REWRITE_AT * max(held, 1):
            write_atomic(added_path(path), pickle.dumps({"signature": signature, **new},
                                                        pickle.HIGHEST_PROTOCOL))
            return on_disk
    write_atomic(path, pickle.dumps({"signature": signature, **current},
                                    pickle.HIGHEST_PROTOCOL))
    added_path(path).unlink(missing_ok=True)
    return {part: set(items) for part, items in current.items()}
