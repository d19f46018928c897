"""`record-clearance filings`: list, write, choose courthouses, mark filed, and the workspace
review options a filing needs (track, courthouse, ground)."""

from __future__ import annotations

from filings_factory import MAIN, key_of, reviewed_workspace

from desktop_app.cli import main
from desktop_app.core.workspace import Workspace

SIGNER = '''name = "Ana Ruiz"
title = "Deputy District Attorney"
bar_number = "123456"
office = "Sacramento County District Attorney"
address = """901 G Street
Sacramento, CA 95814"""
'''


def test_filings_command_lists_writes_and_marks_filed(tmp_path, capsys):
    ws, results = reviewed_workspace(tmp_path)
    path = str(ws.path)
    nowhere = key_of(results, "2005")
    ws.close()
    (tmp_path / "signer.toml").write_text(SIGNER, encoding="utf-8")
    assert main(["filings", path, "--list", "--quiet"]) == 0
    listed = capsys.readouterr().out
    assert "CASC SACRAMENTO (CA34021J)" in listed and "1  courthouse unknown: assign one" in listed
    assert main(["workspace", "review", path, "--key", nowhere, "--court", MAIN, "--reviewer", "Bo"]) == 0
    assert main(["filings", path, "--outputs", str(tmp_path / "out"), "--signer", str(tmp_path / "signer.toml"),
                 "--courthouse", "casc sacramento", "--date", "2026-03-16", "--per-case", "--quiet",
                 "--mark-filed", "2026-03-17"]) == 0
    out = capsys.readouterr().out
    assert "batch F20260316-01 recorded" in out and "marked filed on 2026-03-17: 6 conviction(s)" in out
    folders = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert folders == ["CASC SACRAMENTO (CA34021J)"]  # only the courthouse asked for
    motions = sorted(p.name for p in (tmp_path / "out" / folders[0] / "Motions").glob("*.docx"))
    assert len(motions) == 3  # 2001, 2003 (three counts, one case) and 2005, now assigned here
    with Workspace.open(path, read_only=True) as again:
        assert again.record(nowhere)["status"] == "filed" and again.record(nowhere)["court_code"] == MAIN
        assert again.record(key_of(results, "2002", "11359"))["status"] == "reviewed"  # NORTH: not filed
    assert main(["filings", path, "--list", "--quiet"]) == 0
    assert "already with the court: 6" in capsys.readouterr().out


def test_filings_command_refuses_clearly(tmp_path, capsys):
    ws, _ = reviewed_workspace(tmp_path)
    path = str(ws.path)
    ws.close()
    assert main(["filings", path]) == 2
    assert "give --outputs DIR" in capsys.readouterr().err
    assert main(["filings", path, "--outputs", str(tmp_path / "o"), "--signer-name", "Ana", "--quiet"]) == 2
    assert "missing: title, State Bar number, office, address" in capsys.readouterr().err
    assert main(["filings", path, "--outputs", str(tmp_path / "o"), "--courthouse", "NOWHERE", "--quiet"]) == 2
    assert "no conviction to file at NOWHERE" in capsys.readouterr().err
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK not really")
    assert main(["filings", path, "--outputs", str(tmp_path / "o"), "--template", str(bad), "--quiet",
                 "--signer-name", "A", "--signer-title", "T", "--bar-number", "1", "--office", "O",
                 "--address", "1 Main St\\nTown"]) == 2
    assert "bad.docx: not a Word document" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert main(["filings", path, "--mark-filed", "2026-03-17"]) == 2
    assert "--mark-filed needs --batch ID" in capsys.readouterr().err
