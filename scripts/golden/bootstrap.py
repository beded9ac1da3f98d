#!/usr/bin/python3
"""Golden replicates for the paired Poisson bootstrap (packages/core/src/compare).

Run with Debian's Python (scikit-learn 1.2.1):  /usr/bin/python3 scripts/golden/bootstrap.py
Writes test/golden/bootstrap.json.

The oracle is the definition of the estimator, computed independently: a replicate with integer
weights w is the data set in which row i appears w[i] times. NumPy draws the Poisson(1) weights,
np.repeat expands the rows, scikit-learn scores head and baseline on the expanded rows, and
np.percentile (linear) turns the replicate differences into the interval. The TypeScript test
replays the same weights and must reproduce every replicate and both interval ends.
"""
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn import metrics as M
from sklearn.preprocessing import label_binarize

warnings.simplefilter("ignore")
rng = np.random.default_rng(7)
OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "bootstrap.json"
RESAMPLES = 40
CONFIDENCE = 0.9


def guarded(fn):
    try:
        value = float(fn())
    except ValueError:
        return None
    return None if math.isnan(value) else value


def classification_metrics(task, k, y, pred, proba):
    out = {
        "accuracy": guarded(lambda: M.accuracy_score(y, pred)),
        "balanced_accuracy": guarded(lambda: M.balanced_accuracy_score(y, pred)),
        "f1_macro": guarded(lambda: M.f1_score(y, pred, average="macro")),
        "f1_micro": guarded(lambda: M.f1_score(y, pred, average="micro")),
        "f1_weighted": guarded(lambda: M.f1_score(y, pred, average="weighted")),
        "log_loss": guarded(lambda: M.log_loss(y, proba, labels=list(range(k)))),
    }
    if task == "binary":
        out["precision"] = guarded(lambda: M.precision_score(y, pred, pos_label=1, labels=[0, 1]))
        out["recall"] = guarded(lambda: M.recall_score(y, pred, pos_label=1, labels=[0, 1]))
        out["f1"] = guarded(lambda: M.f1_score(y, pred, pos_label=1, labels=[0, 1]))
        out["roc_auc"] = guarded(lambda: M.roc_auc_score(y, proba[:, 1]))
        out["average_precision"] = guarded(lambda: M.average_precision_score(y, proba[:, 1]))
        out["brier"] = guarded(lambda: M.brier_score_loss(y, proba[:, 1], pos_label=1))
    else:
        out["roc_auc"] = guarded(lambda: M.roc_auc_score(y, proba, multi_class="ovr", labels=list(range(k))))
        out["average_precision"] = guarded(
            lambda: M.average_precision_score(label_binarize(y, classes=list(range(k))), proba, average="macro")
        )
    return out


def regression_metrics(y, pred):
    return {
        "mae": guarded(lambda: M.mean_absolute_error(y, pred)),
        "mse": guarded(lambda: M.mean_squared_error(y, pred)),
        "rmse": guarded(lambda: M.mean_squared_error(y, pred, squared=False)),
        "r2": guarded(lambda: M.r2_score(y, pred)),
        "mape": guarded(lambda: M.mean_absolute_percentage_error(y, pred)),
        "median_ae": guarded(lambda: M.median_absolute_error(y, pred)),
    }


def replicate_values(case, weights):
    keep = lambda a: np.repeat(np.asarray(a), weights, axis=0)  # noqa: E731
    y = keep(case["y_true"])
    if case["task"] == "regression":
        return [regression_metrics(y, keep(case[m]["y_pred"])) for m in ("head", "baseline")]
    k = len(case["classes"])
    return [
        classification_metrics(
            case["task"], k, y, keep(case[m]["y_pred"]), keep(np.asarray(case[m]["proba"]).reshape(-1, k))
        )
        for m in ("head", "baseline")
    ]


def finish(case):
    n = len(case["y_true"])
    weights = rng.poisson(1.0, size=(RESAMPLES, n))
    heads, baselines, deltas = [], [], {}
    for w in weights:
        h, b = replicate_values(case, w)
        heads.append(h)
        baselines.append(b)
    metrics = sorted(heads[0].keys())
    for m in metrics:
        d = [None if h[m] is None or b[m] is None else h[m] - b[m] for h, b in zip(heads, baselines)]
        finite = np.array([v for v in d if v is not None])
        tail = (1 - CONFIDENCE) / 2 * 100
        deltas[m] = {
            "replicates": d,
            "ci_low": float(np.percentile(finite, tail)) if len(finite) >= 2 else None,
            "ci_high": float(np.percentile(finite, 100 - tail)) if len(finite) >= 2 else None,
        }
    case["weights"] = weights.tolist()
    case["replicates"] = {"head": heads, "baseline": baselines}
    case["deltas"] = deltas
    return case


def classifier(y, k, skill, decimals):
    n = len(y)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += skill
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p = np.round(p, decimals)
    p[:, -1] = 1 - p[:, :-1].sum(axis=1)
    p = np.clip(p, 0, 1)
    return {"y_pred": np.argmax(p, axis=1).tolist(), "proba": p.ravel().tolist()}


cases = []
y = rng.integers(0, 2, 150)
cases.append(
    finish(
        {"name": "binary with tied scores", "task": "binary", "classes": ["0", "1"], "y_true": y.tolist(),
         "head": classifier(y, 2, 1.5, 2), "baseline": classifier(y, 2, 0.8, 1)}
    )
)
y = (rng.random(60) < 0.08).astype(int)  # rare positives: some replicates lose them all
cases.append(
    finish(
        {"name": "binary rare positives", "task": "binary", "classes": ["0", "1"], "y_true": y.tolist(),
         "head": classifier(y, 2, 2.0, 3), "baseline": classifier(y, 2, 1.0, 3)}
    )
)
y = rng.integers(0, 3, 120)
cases.append(
    finish(
        {"name": "multiclass", "task": "multiclass", "classes": ["a", "b", "c"], "y_true": y.tolist(),
         "head": classifier(y, 3, 1.8, 2), "baseline": classifier(y, 3, 1.2, 2)}
    )
)
x = rng.normal(0, 1, 90)
yr = np.round(2 * x + 1, 1)
yr[:5] = 0.0
cases.append(
    finish(
        {"name": "regression", "task": "regression", "y_true": yr.tolist(),
         "head": {"y_pred": (yr + rng.normal(0, 0.3, 90)).tolist()},
         "baseline": {"y_pred": (yr + rng.normal(0.1, 0.5, 90)).tolist()}}
    )
)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(
    json.dumps({"generator": "scripts/golden/bootstrap.py", "confidence": CONFIDENCE, "cases": cases}, separators=(",", ":"))
    + "\n"
)
print(f"wrote {len(cases)} cases to {OUT}", file=sys.stderr)
