#!/usr/bin/env python3
"""Golden values for packages/core/src/compare/{normal,student-t,significance,multiple-testing}.ts.

Normal tail probabilities from scipy.stats.norm.sf, Student's t tail probabilities from
scipy.stats.t.sf, the slice p-value of significance.ts (a t-test on the bootstrap standard error:
t = delta / (se * sqrt(n / (n - 1))), df = 1 / (1 / (n - 1) + 1 / (B - 1))) from scipy.stats.t.sf, and
Benjamini-Hochberg adjusted p-values from statsmodels' multipletests(method="fdr_bh").
Writes test/golden/significance.json.
Run: /usr/bin/python3 scripts/golden/significance.py (Debian python3-scipy, python3-statsmodels).
"""
import json
import pathlib

import numpy as np
import scipy
import statsmodels
from scipy.stats import norm, t, ttest_rel
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
# (t, df): small segments to millions of rows, the centre to far tails, fractional df.
t_cases = [(tv, df) for df in [1.0, 2.5, 29.0, 49.0, 74.5, 908.1, 1e4, 1e6] for tv in [-3.0, 0.0, 0.5, 1.96, 3.3, 8.0, 25.0]]
# (delta, se, rows, resamples): the slice p-value as significance.ts computes it.
p_cases = [(0.02, 0.01, 50, 1000), (-0.02, 0.01, 50, 1000), (0.004, 0.002, 120, 200), (0.03, 0.004, 10000, 1000),
           (0.05, 0.002, 1_000_000, 1000), (0.001, 0.01, 30, 1000), (0.1, 0.0001, 500, 1000)]


def slice_p(delta, se, rows, resamples):
    df = 1 / (1 / (rows - 1) + 1 / (resamples - 1))
    return float(min(1.0, 2 * t.sf(abs(delta) / (se * np.sqrt(rows / (rows - 1))), df)))


# A 20-row pair of binary classifiers whose Brier scores differ with a paired t of about 2.5: with
# many resamples the slice p-value of a mean metric must converge to the paired t-test's
# (scipy.stats.ttest_rel on the per-row squared errors); the normal p-value is far off at 20 rows.
pair_rng = np.random.default_rng(7)
while True:
    y = pair_rng.integers(0, 2, 20)
    p_head = np.round(np.clip(0.5 + (y - 0.5) * pair_rng.uniform(0.0, 0.9, 20), 0.01, 0.99), 4)
    p_base = np.round(np.clip(0.5 + (y - 0.5) * pair_rng.uniform(-0.3, 0.7, 20), 0.01, 0.99), 4)
    test = ttest_rel((p_head - y) ** 2, (p_base - y) ** 2)
    if 2.3 < abs(test.statistic) < 2.7:
        break
paired_t = {"y": y.tolist(), "p_head": p_head.tolist(), "p_baseline": p_base.tolist(),
            "brier_t": float(test.statistic), "brier_p": float(test.pvalue)}


out = {
    "versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
    "normal_sf": [{"z": z, "sf": float(norm.sf(z))} for z in zs],
    "t_sf": [{"t": tv, "df": df, "sf": float(t.sf(tv, df))} for tv, df in t_cases],
    "bootstrap_p": [{"delta": d, "se": e, "rows": n, "resamples": b, "p": slice_p(d, e, n, b)} for d, e, n, b in p_cases],
    "paired_t": paired_t,
    "benjamini_hochberg": cases,
}
path = pathlib.Path(__file__).resolve().parents[2] / "test" / "golden" / "significance.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
