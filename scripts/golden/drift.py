#!/usr/bin/env python3
"""Golden values for mlci's drift statistics, computed with scipy/numpy (Debian's python3-scipy).

Run: /usr/bin/python3 scripts/golden/drift.py  (writes test/golden/drift.json)
The TypeScript tests compare packages/core/src/drift/statistics.ts with these values (1e-9 relative)
and the sketch-based statistics with them within the sketch's stated error.
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261201)
EPS = 0.0001  # Evidently's fill for empty PSI bins


def psi(ref, cur):
    p = np.asarray(ref, float) / np.sum(ref)
    q = np.asarray(cur, float) / np.sum(cur)
    p = np.where(p == 0, EPS, p)
    q = np.where(q == 0, EPS, q)
    return float(np.sum((q - p) * np.log(q / p)))


def counts_case(ref, cur):
    table = np.array([ref, cur], float)
    keep = table.sum(axis=0) > 0
    chi2, p, dof, _ = stats.chi2_contingency(table[:, keep], correction=False)
    return {
        "reference": [int(x) for x in ref],
        "current": [int(x) for x in cur],
        "psi": psi(ref, cur),
        "jensen_shannon": float(jensenshannon(ref, cur)),
        "chi_square": {"statistic": float(chi2), "p_value": float(p), "dof": int(dof)},
    }


def sample_case(name, a, b):
    a = np.round(np.asarray(a, float), 6)
    b = np.round(np.asarray(b, float), 6)
    ks_asymp = stats.ks_2samp(a, b, method="asymp")
    n, m = len(a), len(b)
    en = n * m / (n + m)
    return {
        "name": name,
        "a": a.tolist(),
        "b": b.tolist(),
        "wasserstein": float(stats.wasserstein_distance(a, b)),
        "reference_std": float(np.std(a)),
        "wasserstein_normalized": float(stats.wasserstein_distance(a, b) / np.std(a)),
        "ks_statistic": float(ks_asymp.statistic),
        "ks_p_value_kstwobign": float(stats.kstwobign.sf(np.sqrt(en) * ks_asymp.statistic)),
        "ks_p_value_scipy_asymp": float(ks_asymp.pvalue),
    }


counts = [
    counts_case([10, 20, 30, 40], [12, 18, 33, 37]),
    counts_case([500, 300, 200, 0], [100, 300, 200, 400]),
    counts_case([1000, 1000], [900, 1100]),
    counts_case(rng.integers(0, 500, 12).tolist(), rng.integers(0, 500, 12).tolist()),
    counts_case([5000, 3000, 1500, 500], [5050, 2950, 1490, 510]),
]

samples = [
    sample_case("same normal", rng.normal(10, 2, 2000), rng.normal(10, 2, 2500)),
    sample_case("shifted normal", rng.normal(10, 2, 2000), rng.normal(10.5, 2, 2000)),
    sample_case("lognormal vs scaled", rng.lognormal(5, 0.8, 3000), 1.609 * rng.lognormal(5, 0.8, 3000)),
    sample_case("with zeros and negatives", np.where(rng.random(2000) < 0.1, 0, rng.normal(0, 30, 2000)),
                np.where(rng.random(2000) < 0.1, 0, rng.normal(3, 30, 2000))),
    sample_case("small", rng.normal(0, 1, 40), rng.normal(0.8, 1, 30)),
]

kolmogorov = [{"lambda": x, "sf": float(stats.kstwobign.sf(x))} for x in [0.05, 0.2, 0.5, 0.8, 0.99, 1.0, 1.2, 2.0, 3.5, 6.0]]
chi2_sf = [{"x": x, "dof": k, "sf": float(stats.chi2.sf(x, k))} for x, k in [(0.5, 1), (3.84, 1), (10, 3), (40, 12), (150, 20), (1000, 5)]]

out = {
    "generator": f"scripts/golden/drift.py with scipy {scipy.__version__}, numpy {np.__version__}",
    "counts": counts,
    "samples": samples,
    "kolmogorov_sf": kolmogorov,
    "chi2_sf": chi2_sf,
}
path = pathlib.Path(__file__).resolve().parents[2] / "test" / "golden" / "drift.json"
path.write_text(json.dumps(out) + "\n")
print(f"wrote {path}")
