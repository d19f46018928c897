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
    "All_Results.csv": "489796b3748888944d985d3871a9c29bf45e43a57ece3e0ecac1b873bd4e9d43",
    "All_Results_Condensed.csv": "d13413415e423c343fc84f6c56e7ba6be3f766b4302afdf54b2173b7d4bde969",
    "Prop64_Results.csv": "a3943833545f711d5445add6f6a7ba85c3d78efb10c70e3012714e45079450d6",
    "Input_Problems.csv": "4a78ee3415a0b99370137b55c8e3050842f37be7f56585a24f542d60d62f3a84",
    "Summary.json": "7545990c5e5a7108ab98da0a2b147810f5ead4a1efa504cd06661e925df659d9",
}


# The same three CSV files without the columns added after the gogen-compatible ones ("Conviction
# key"): adding a column at the end must leave every earlier byte as it was.
PINNED_WITHOUT_ADDED = {
    "All_Results.csv": "4d9b9318cda78ab07bf0adc07b27921939a0799c03ee10f89e5ff735332cc3fa",
    "All_Results_Condensed.csv": "75e102f94da7cce4723fae6af15fe6297cb383901ddfbaf5dc28bd2263ab2948",
    "Prop64_Results.csv": "82618d7f4f55678118e56fcad7fe156db0111b75bda39156bd4f61e0176e5834",
}
ADDED_COLUMNS = 1


def without_added(data: bytes) -> bytes:
    # The added columns (conviction keys) hold no comma or quote: the last fields of each line.
    return b"\n".join(line.rsplit(b",", ADDED_COLUMNS)[0] if line else line for line in data.split(b"\n"))


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
        if name in PINNED_WITHOUT_ADDED:
            digests[f"{name} without added columns"] = hashlib.sha256(without_added(data)).hexdigest()
    return digests


@pytest.mark.slow
def test_bundle_of_seeded_100k_file_is_byte_identical(tmp_path):
    assert bundle_digests(tmp_path) == PINNED | {f"{k} without added columns": v for k, v in PINNED_WITHOUT_ADDED.items()}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(bundle_digests(Path(d)), indent=4))
    sys.exit(0)
