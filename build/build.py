"""Build the standalone app with PyInstaller: `python build/build.py [--onefile] [--clean]`.

Needs the build extra (`pip install -e ".[build]"`). Output:
  build/dist/record-clearance/            one folder: record-clearance (command line, or the window
                                          when given no subcommand), record-clearance-gui (window),
                                          _internal/ (Python, libraries, rules/, resources/) and
                                          SHA256SUMS (every file's SHA-256, for `sha256sum -c`)
  build/dist/onefile/record-clearance     one file (`--onefile`): the same program, unpacked to a
                                          temporary folder at each start (slower to start)
PyInstaller's intermediate files go to build/work/. The script prints the build time, the bundle
size and the SHA-256 of each artefact.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "record_clearance.spec"
DIST = HERE / "dist"
WORK = HERE / "work"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _config():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bundle_config", HERE / "bundle_config.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


config = _config()


def sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_sums(folder: Path, name: str = config.SUMS_FILE) -> Path:
    """`<sha256>  <relative path>` for every file under `folder` (sorted, '/' separators), the
    format `sha256sum -c` reads; the sums file itself is not listed."""
    target = folder / name
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p != target):
        lines.append(f"{sha256(path)}  {path.relative_to(folder).as_posix()}\n")
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def check_sums(folder: Path, name: str = config.SUMS_FILE) -> list[str]:
    """Files whose SHA-256 differs from the sums file, or that are missing (empty list: all good)."""
    bad = []
    for line in (folder / name).read_text(encoding="utf-8").splitlines():
        digest, _, relative = line.partition("  ")
        path = folder / relative
        if not path.is_file():
            bad.append(f"{relative}: missing")
        elif sha256(path) != digest:
            bad.append(f"{relative}: changed")
    return bad


def size_of(path: Path) -> tuple[int, int]:
    """(bytes, files) of a file or of everything under a folder."""
    if path.is_file():
        return path.stat().st_size, 1
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def ensure_icons() -> None:
    icons = ROOT / "resources" / "icons"
    if not (icons / "record-clearance.png").exists() or not (icons / "record-clearance.ico").exists():
        subprocess.run([sys.executable, str(HERE / "make_icon.py")], check=True)


def run_pyinstaller(onefile: bool, clean: bool) -> Path:
    """Run PyInstaller on the spec; returns the artefact (the folder, or the one file)."""
    dist, work = (DIST / "onefile", WORK / "onefile") if onefile else (DIST, WORK)
    artefact = dist / (config.APP_NAME + (EXE_SUFFIX if onefile else ""))
    if clean:
        shutil.rmtree(work, ignore_errors=True)
    if artefact.is_dir():
        shutil.rmtree(artefact)  # PyInstaller would also do this; a stale file must not survive
    elif artefact.exists():
        artefact.unlink()
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    if onefile:
        command += ["--", "--onefile"]
    env = dict(os.environ, PYTHONHASHSEED="0")  # reproducible module order in the archives
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return artefact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the standalone Record Clearance Desktop.")
    parser.add_argument("--onefile", action="store_true", help="build the one-file variant instead of the folder")
    parser.add_argument("--clean", action="store_true", help="start from scratch (no PyInstaller cache)")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('PyInstaller is missing: pip install -e ".[build]"', file=sys.stderr)
        return 2
    ensure_icons()
    started = time.perf_counter()
    artefact = run_pyinstaller(args.onefile, args.clean)
    seconds = time.perf_counter() - started
    size, count = size_of(artefact)
    print(f"\nbuilt {artefact.relative_to(ROOT)} in {seconds:.0f} s: {size / 1e6:.1f} MB "
          f"({size / 2**20:.1f} MiB) in {count:,} file{'s' * (count != 1)}")
    print("SHA-256:")
    if args.onefile:
        sums = write_sums(artefact.parent)
        print(f"  {sha256(artefact)}  {artefact.name}")
    else:
        for name in (config.CLI_NAME, config.GUI_NAME):
            exe = artefact / (name + EXE_SUFFIX)
            print(f"  {sha256(exe)}  {exe.name}")
        sums = write_sums(artefact)
        print(f"  {sha256(sums)}  {sums.name} (lists all {count:,} files; check with "
              f"`sha256sum -c {sums.name}` inside the folder)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
