"""Precision and recall of extraction over the held-out articles in bench/heldout/.

    .venv/bin/python bench/eval_heldout.py [FOLDER]    # default bench/heldout/; e.g. bench/heldout2

The held-out articles were written without reading the extraction rules or the fixture
article texts, so unlike bench/eval_extract.py these figures say something about how
the rules generalise. Scoring is the same: a claim counts when (place, kind, claimant
side) matches an expected one; claim dates are scored among those. Prints every miss,
extra and wrong detail.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_extract import evaluate, folder_cases, report  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "heldout"

if __name__ == "__main__":
    report(evaluate(Gazetteer.load(), folder_cases(Path(sys.argv[1]) if len(sys.argv) > 1 else HELDOUT)))
