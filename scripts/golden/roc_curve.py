#!/usr/bin/python3
"""Golden vectors for packages/core/src/metrics/roc-curve.ts: the ROC curve on an even grid.

Run with Debian's Python (scikit-learn 1.2.1, NumPy 1.24):  /usr/bin/python3 scripts/golden/roc_curve.py
Writes test/golden/roc-curve.json; test/golden-roc-curve.test.ts compares each true-positive rate
to 1e-4 (the curve is stored with 4 decimals).

Reference: np.interp(grid, fpr, tpr) on sklearn.metrics.roc_curve(y, s, drop_intermediate=False),
the grid being 51 evenly spaced false-positive rates from 0 to 1.
"""
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_curve

rng = np.random.default_rng(20261205)
OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "roc-curve.json"
GRID = np.linspace(0, 1, 51)


def case(name, y, s):
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    return {"name": name, "y_true": [int(v) for v in y], "score": [float(v) for v in s],
            "tpr": [float(v) for v in np.interp(GRID, fpr, tpr)]}


cases = []
y = rng.integers(0, 2, 400)
cases.append(case("random scores", y, rng.random(400)))
cases.append(case("informative scores", y, np.clip(0.3 * y + rng.normal(0.35, 0.2, 400), 0, 1)))
cases.append(case("heavy ties", y, np.round(rng.random(400) * 4) / 4))
cases.append(case("perfect", y, y * 0.9 + 0.05))
cases.append(case("inverted", y, 1 - y * 0.9))
y_rare = (rng.random(300) < 0.05).astype(int)
cases.append(case("rare positives", y_rare, np.clip(0.4 * y_rare + rng.random(300) * 0.8, 0, 1)))

OUT.write_text(json.dumps({"sklearn": __import__("sklearn").__version__, "cases": cases}) + "\n")
print(f"wrote {len(cases)} cases to {OUT}")
