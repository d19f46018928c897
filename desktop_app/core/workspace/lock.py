"""One writer at a time: an operating-system lock on `<workspace>-lock`, beside the workspace.

The OS releases the lock when the process ends, however it ends (a killed process or a crashed
PC leaves no stale lock). The lock file holds who has the workspace open (login name, computer,
since when), for the message a second writer sees; it never holds record content.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import platform
import sys
from pathlib import Path

from .errors import WorkspaceError, WorkspaceInUse

_WINDOWS_LOCK_OFFSET = 1 << 30  # Windows locks are mandatory: lock a byte far from the holder text


def lock_path(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + "-lock")


def _holder_text() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (some services): say nothing rather than fail
        user = "someone"
    since = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"{user} on {platform.node() or 'this computer'}, since {since}, process {os.getpid()}"


class WriterLock:
    def __init__(self, workspace: Path, network: bool = False) -> None:
        self.workspace = workspace
        self.path = lock_path(workspace)
        self.network = network
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise WorkspaceInUse (naming the holder when known)."""
        for _ in range(5):  # the file may be removed by its last holder between open and lock
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except PermissionError:  # another user's lock file in a shared folder: locking needs no write
                try:
                    fd = os.open(self.path, os.O_RDONLY)
                except OSError as e:
                    raise self._cannot(e) from None
            except OSError as e:
                raise self._cannot(e) from None
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise WorkspaceInUse(self.workspace, holder, read_only_possible=not self.network)
            if _same_file(fd, self.path):
                self._fd = fd
                try:  # who has it, for the message a second writer sees
                    os.ftruncate(fd, 0)
                    os.lseek(fd, 0, os.SEEK_SET)
                    os.write(fd, _holder_text().encode("utf-8"))
                except OSError:
                    pass
                return
            os.close(fd)
        raise WorkspaceError(self.workspace, "could not take the workspace's lock; try again")

    def _cannot(self, e: OSError) -> WorkspaceError:
        return WorkspaceError(self.workspace, f"cannot write beside the workspace ({e.strerror}); open it "
                                              "read-only, or copy it to a folder you can write")

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform != "win32":
            try:  # removed while still locked, so no one can lock the old file afterwards
                os.unlink(self.path)
            except OSError:
                pass
        os.close(fd)
        if sys.platform == "win32":
            try:
                os.unlink(self.path)
            except OSError:  # someone else has it open (they may be taking the lock): leave it
                pass

    @property
    def held(self) -> bool:
        return self._fd is not None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 300).decode("utf-8", "replace").strip()
    except OSError:
        return ""


# ------------------------------------------------------------------ network folders

NETWORK_FILE_SYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ncpfs", "9p", "ceph", "glusterfs",
                        "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "davfs", "fuse.davfs2", "lustre", "gpfs"}


def is_network_path(path: Path, mounts: str | None = None) -> bool:
    """Is `path` on a network file system (a UNC path or mapped drive on Windows, an NFS/SMB mount
    on Linux)? SQLite's WAL needs shared memory on one machine, so such a workspace uses the
    rollback journal and exclusive locking. `mounts` (the text of /proc/mounts) is for tests."""
    text = str(path)
    if sys.platform == "win32" or text.startswith("\\\\"):
        if text.startswith("\\\\") or text.startswith("//"):
            return True
        if sys.platform == "win32":
            import ctypes

            root = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(root) == 4  # type: ignore[attr-defined]  # DRIVE_REMOTE
        return False
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return False  # macOS and others: treated as local
    resolved = str(Path(text).resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind in NETWORK_FILE_SYSTEMS
