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
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["is_str_dict", "is_str_list", "read_json", "write_atomic", "write_json"]


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
