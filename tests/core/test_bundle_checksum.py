"""Correctness must not move while the engine is optimised: the bundle for a seeded, generated
100,000-row file is pinned byte for byte (Summary.json without its run time).

If a change of the rules or of the generator is deliberate, print the new digests with
`python tests/core/test_bundle_checksum.py` and update PINNED in the same commit, saying why.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.generate import write_records

PINNED = {
    "All_Results.csv": "a661155b625b44df414ba919b4ea6bcb2a221ea4aecf831f7bcdb3bc318c16ab",
    "All_Results_Condensed.csv": "4c1f9e1ccac71a476b15f4e1b235d521972be3ac8193ab22e3f65f1c1adda029",
    "Prop64_Results.csv": "8998b1fa8ded53e3d2ac32443c221ebf5612ee1a7c2c91af05289291ceb325eb",
    "Input_Problems.csv": "73f3770a462ea8782038e67ac5448bdbdcb32c4559b8743b8f091d7e7c521902",
    "Summary.json": "0cf9963a79432b10faec6876fdd87402341fb992571b3ecd1c86b845de27a817",
}


def bundle_digests(folder: Path) -> dict[str, str]:
    source = folder / "doj.csv"
    write_records(source, 100_000, "SACRAMENTO", seed=7)
    out = folder / "out"
    out.mkdir()
    code = main(["run", "--input", str(source), "--county", "SACRAMENTO", "--compute-at", "2024-01-01",
                 "--outputs", str(out), "--no-workbook", "--quiet"])
    assert code == 0
    digests = {}
    for name in PINNED:
        data = (out / name).read_bytes()
        if name == "Summary.json":
            summary = json.loads(data)
            summary.pop("processingTimeInSeconds")
            data = json.dumps(summary, sort_keys=True).encode()
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


@pytest.mark.slow
def test_bundle_of_seeded_100k_file_is_byte_identical(tmp_path):
    assert bundle_digests(tmp_path) == PINNED


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(bundle_digests(Path(d)), indent=4))
    sys.exit(0)
