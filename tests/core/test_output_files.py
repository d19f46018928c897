"""Output files appear whole or not at all, with the mode the user's umask gives any new file."""

from __future__ import annotations

import os
import stat

import pytest

from factory import AS_OF

from desktop_app.core.errors import OutputError
from desktop_app.core.export import export_bundle
from desktop_app.core.output_files import Staging, atomic_file
from desktop_app.core.pipeline import run
from desktop_app.paths import policies_dir, sample_file

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")


@posix_only
@pytest.mark.parametrize("mask, mode", [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)],
                         ids=["umask-027", "umask-002", "umask-077"])
def test_a_written_file_gets_the_mode_of_the_umask_at_write_time(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        with atomic_file(tmp_path / "out.csv") as f:
            f.write(b"a,b\r\n1,2\r\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == mode
    assert (tmp_path / "out.csv").read_bytes() == b"a,b\r\n1,2\r\n"  # no newline translation


@posix_only
def test_the_bundle_follows_a_umask_set_after_import(tmp_path):
    results = run([sample_file()], "SACRAMENTO", policies_dir() / "county-common.toml", AS_OF)
    old = os.umask(0o027)
    try:
        paths = export_bundle(results, tmp_path, workbook=False)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in paths.all()[:-1]}
    assert set(modes.values()) == {0o640}, modes


def test_nothing_appears_until_commit_and_abort_leaves_nothing(tmp_path):
    staging = Staging()
    with staging.file(tmp_path / "a.csv") as f:
        f.write(b"x")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []
    staging.abort()
    assert list(tmp_path.iterdir()) == []
    with staging.file(tmp_path / "a.csv") as f:
        f.write(b"y")
    staging.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_a_missing_folder_is_an_output_error_naming_the_file(tmp_path):
    with pytest.raises(OutputError, match="Could not write a.csv in .*gone"):
        with atomic_file(tmp_path / "gone" / "a.csv") as f:
            f.write(b"x")
