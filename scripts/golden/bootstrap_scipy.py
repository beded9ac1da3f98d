#!/usr/bin/python3
"""A statistical cross-check of the paired bootstrap against scipy.stats.bootstrap.

Run with Debian's Python (SciPy 1.10, scikit-learn 1.2.1):
    /usr/bin/python3 scripts/golden/bootstrap_scipy.py
Writes test/golden/bootstrap-scipy.json.

scripts/golden/bootstrap.py checks the estimator exactly, replaying fixed weights. This checks the
whole procedure, random weights included: on fixed data, scipy's paired percentile bootstrap (classic
resampling of rows, 20000 resamples) and mlci's Poisson bootstrap must give nearly the same interval.
They differ only by Monte Carlo error and by Poisson versus multinomial resampling, so the test
allows 12% of the interval's half-width; with 4000 replicates an interval end has a Monte Carlo
standard error of about 2% of the half-width.
"""
import json
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy import stats
from sklearn import metrics as M

warnings.simplefilter("ignore")
rng = np.random.default_rng(11)
OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "bootstrap-scipy.json"
CONFIDENCE = 0.95
RESAMPLES = 20000


def interval(data, statistic):
    result = stats.bootstrap(
        data,
        statistic,
        paired=True,
        vectorized=False,
        n_resamples=RESAMPLES,
        confidence_level=CONFIDENCE,
        method="percentile",
        random_state=np.random.default_rng(5),
    )
    return [float(result.confidence_interval.low), float(result.confidence_interval.high)]


n = 1500
y = (rng.random(n) < 0.35).astype(int)
shared = rng.random(n)
p_head = np.clip(0.2 + 0.35 * y + 0.3 * shared + 0.25 * rng.random(n), 0.001, 0.999)
p_base = np.clip(0.2 + 0.3 * y + 0.3 * shared + 0.25 * rng.random(n), 0.001, 0.999)
pred_head = (p_head >= 0.5).astype(int)
pred_base = (p_base >= 0.5).astype(int)
rows = (y, p_head, p_base, pred_head, pred_base)


def delta(fn):
    return lambda yt, ph, pb, dh, db: fn(yt, ph, dh) - fn(yt, pb, db)


binary = {
    "name": "binary",
    "task": "binary",
    "y_true": y.tolist(),
    "head": {"proba": p_head.tolist(), "y_pred": pred_head.tolist()},
    "baseline": {"proba": p_base.tolist(), "y_pred": pred_base.tolist()},
    "intervals": {
        "accuracy": interval(rows, delta(lambda yt, p, d: M.accuracy_score(yt, d))),
        "f1": interval(rows, delta(lambda yt, p, d: M.f1_score(yt, d))),
        "roc_auc": interval(rows, delta(lambda yt, p, d: M.roc_auc_score(yt, p))),
        "log_loss": interval(rows, delta(lambda yt, p, d: M.log_loss(yt, p, labels=[0, 1]))),
        "brier": interval(rows, delta(lambda yt, p, d: M.brier_score_loss(yt, p))),
    },
}

m = 1200
target = rng.normal(10, 3, m)
head = target + rng.normal(0, 1.0, m)
base = target + rng.normal(0.2, 1.1, m)
reg_rows = (target, head, base)
regression = {
    "name": "regression",
    "task": "regression",
    "y_true": target.tolist(),
    "head": {"y_pred": head.tolist()},
    "baseline": {"y_pred": base.tolist()},
    "intervals": {
        "mae": interval(reg_rows, lambda t, h, b: M.mean_absolute_error(t, h) - M.mean_absolute_error(t, b)),
        "rmse": interval(
            reg_rows,
            lambda t, h, b: M.mean_squared_error(t, h, squared=False) - M.mean_squared_error(t, b, squared=False),
        ),
        "r2": interval(reg_rows, lambda t, h, b: M.r2_score(t, h) - M.r2_score(t, b)),
        "median_ae": interval(reg_rows, lambda t, h, b: M.median_absolute_error(t, h) - M.median_absolute_error(t, b)),
    },
}

OUT.write_text(
    json.dumps(
        {"generator": "scripts/golden/bootstrap_scipy.py", "confidence": CONFIDENCE, "scipy_resamples": RESAMPLES,
         "cases": [binary, regression]},
        separators=(",", ":"),
    )
    + "\n"
)
print(f"wrote {OUT}", file=sys.stderr)
