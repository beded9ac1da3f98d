#!/usr/bin/env python3
"""Golden values for packages/core/src/compare/{normal,multiple-testing}.ts.

Normal tail probabilities from scipy.stats.norm.sf and Benjamini-Hochberg adjusted p-values from
statsmodels' multipletests(method="fdr_bh"). Writes test/golden/significance.json.
Run: /usr/bin/python3 scripts/golden/significance.py (Debian python3-scipy, python3-statsmodels).
"""
import json
import pathlib

import numpy as np
import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests

zs = [-8.0, -3.0, -1.5, -0.5, 0.0, 0.1, 0.5, 1.0, 1.2816, 1.644853627, 1.959963985, 2.0, 2.5, 3.0,
      3.7, 4.0, 5.0, 6.5, 8.0, 10.0, 15.0, 20.0, 30.0, 37.5]
rng = np.random.default_rng(20261205)
cases = []
for size in [1, 2, 5, 30, 324]:
    p = rng.uniform(0, 1, size) ** 3  # skewed towards 0, as p-values of real differences are
    if size >= 5:
        p[1] = p[0]  # ties
    cases.append({"p": p.tolist(), "adjusted": multipletests(p, method="fdr_bh")[1].tolist()})
out = {
    "versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
    "normal_sf": [{"z": z, "sf": float(norm.sf(z))} for z in zs],
    "benjamini_hochberg": cases,
}
path = pathlib.Path(__file__).resolve().parents[2] / "test" / "golden" / "significance.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
