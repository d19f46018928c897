"""Writing output files safely: each file is written under a temporary name in its destination
folder and renamed into place only when complete, so an interrupted or failed export leaves no
partial file, and existing files are replaced only when asked."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import threading
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import OutputError
from .output_folder import make_output_folder, output_folder_problem

# O_BINARY: no newline translation on Windows (as tempfile.mkstemp does).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def check_output_folder(folder: Path, targets: list[Path], force: bool, *, create: bool = True) -> None:
    """Refuse before writing anything: a path that is a file, a folder that cannot be written or
    created, or files that exist (unless `force`). A missing folder is created with its parents,
    as users expect; with `create=False` it is only checked that it could be."""
    problem = output_folder_problem(folder)
    if problem:
        raise OutputError(problem)
    if not folder.exists():
        if create:
            make_output_folder(folder)
        return
    existing = [p.name for p in targets if p.exists()]
    if existing and not force:
        raise OutputError(f"These files already exist in {folder}: {', '.join(existing)}. "
                          "Choose another folder or a file-name suffix, or allow replacing them.")


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file that appears under `path` only once it is completely written."""
    staging = Staging()
    with staging.file(path) as f:
        yield f
    staging.commit()


class Staging:
    """Files written under temporary names in their destination folder and renamed together
    at the end: an interrupted or failed export leaves neither partial files nor half a bundle."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def file(self, path: Path) -> Iterator[BinaryIO]:
        try:
            fd, tmp = _new_partial_file(path)
        except OSError as e:
            raise _output_error(path, e) from None
        try:
            with os.fdopen(fd, "wb") as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            _remove_quietly(tmp)
            raise _output_error(path, e) from None
        except BaseException:
            _remove_quietly(tmp)
            raise
        with self._lock:
            self._staged.append((tmp, path))

    def commit(self, order: list[Path] | None = None) -> None:
        """Rename every staged file into place (in `order`, when given)."""
        if order:
            self._staged.sort(key=lambda item: order.index(item[1]) if item[1] in order else len(order))
        for tmp, path in self._staged:
            try:
                os.replace(tmp, path)
            except OSError as e:
                self.abort()
                raise _output_error(path, e) from None
        self._staged = []

    def abort(self) -> None:
        for tmp, _ in self._staged:
            _remove_quietly(tmp)
        self._staged = []


def _new_partial_file(path: Path) -> tuple[int, str]:
    """A new, empty file beside `path` under an unused temporary name, open for writing.

    It is created with mode 0o666, which the operating system narrows by the user's umask as for
    any file they save (mkstemp would make it 0600, and the mode stays when it is renamed). The
    umask is never read: reading it means setting it, for the whole process and its threads."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))


def _output_error(path: Path, e: OSError) -> OutputError:
    if e.errno == 28:
        reason = "the disk is full"
    elif isinstance(e, PermissionError):
        reason = "permission denied (is the file open in another program, such as Excel?)"
    else:
        reason = e.strerror or str(e)
    return OutputError(f"Could not write {path.name} in {path.parent}: {reason}.")


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)
