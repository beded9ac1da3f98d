#!/usr/bin/python3
"""Golden vectors for packages/core/src/metrics: scikit-learn's value of every metric on many cases.

Run with Debian's Python (scikit-learn 1.2.1):  /usr/bin/python3 scripts/golden/metrics.py
Writes test/golden/metrics.json; test/golden-metrics.test.ts compares each value to 1e-9 relative.

Classification cases hold class indices (`y_true`, `y_pred`) into `classes` and row-major
probabilities; scikit-learn is called with the class *names*, as a user would call it.
A metric scikit-learn refuses (ValueError, e.g. ROC AUC with one class) or returns as nan is null.
"""
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M
from sklearn.preprocessing import label_binarize

warnings.simplefilter("ignore")  # zero-division and one-class warnings are the cases under test
rng = np.random.default_rng(20261201)
OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "metrics.json"


def guarded(fn):
    try:
        value = float(fn())
    except ValueError:
        return None
    return None if math.isnan(value) else value


def classification_expected(task, classes, y_true, y_pred, proba, positive):
    names = np.array(classes, dtype=object)
    yt, yp = names[y_true], names[y_pred]
    k = len(classes)
    out = {
        "accuracy": guarded(lambda: M.accuracy_score(yt, yp)),
        "balanced_accuracy": guarded(lambda: M.balanced_accuracy_score(yt, yp)),
        "f1_macro": guarded(lambda: M.f1_score(yt, yp, average="macro")),
        "f1_micro": guarded(lambda: M.f1_score(yt, yp, average="micro")),
        "f1_weighted": guarded(lambda: M.f1_score(yt, yp, average="weighted")),
    }
    if task == "binary":
        pos = classes[positive]
        out["precision"] = guarded(lambda: M.precision_score(yt, yp, pos_label=pos))
        out["recall"] = guarded(lambda: M.recall_score(yt, yp, pos_label=pos))
        out["f1"] = guarded(lambda: M.f1_score(yt, yp, pos_label=pos))
    if proba is not None:
        is_pos = (np.asarray(y_true) == positive).astype(int)
        if task == "binary":
            score = proba[:, positive]
            out["roc_auc"] = guarded(lambda: M.roc_auc_score(is_pos, score))
            out["average_precision"] = guarded(lambda: M.average_precision_score(is_pos, score))
            out["brier"] = guarded(lambda: M.brier_score_loss(is_pos, score))
            # Binary log loss from the positive class's column, as scikit-learn scores 1-D probabilities
            # of the positive class: a model whose rows do not sum to 1 ([0, p]) is scored on p.
            out["log_loss"] = guarded(lambda: M.log_loss(is_pos, score, labels=[0, 1]))
        else:
            out["roc_auc"] = guarded(
                lambda: M.roc_auc_score(yt, proba, multi_class="ovr", average="macro", labels=list(classes))
            )
            # scikit-learn 1.2.1 scores multiclass AP only on a binarised indicator matrix (1.3 does
            # the same internally): one-vs-rest over every class, macro mean.
            out["average_precision"] = guarded(
                lambda: M.average_precision_score(label_binarize(yt, classes=list(classes)), proba, average="macro")
            )
            out["log_loss"] = guarded(lambda: M.log_loss(yt, proba, labels=list(classes)))
    return out


def classification_case(name, task, classes, y_true, proba=None, y_pred=None, positive=1):
    y_true = np.asarray(y_true, dtype=int)
    if y_pred is None:
        y_pred = np.argmax(proba, axis=1)
    y_pred = np.asarray(y_pred, dtype=int)
    case = {
        "name": name,
        "task": task,
        "classes": list(classes),
        "positive": positive if task == "binary" else None,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "proba": None if proba is None else np.asarray(proba, dtype=float).ravel().tolist(),
    }
    case["expected"] = classification_expected(task, classes, y_true, y_pred, proba, positive)
    return case


def regression_case(name, y_true, y_pred):
    yt = np.asarray(y_true, dtype=float)
    yp = np.asarray(y_pred, dtype=float)
    return {
        "name": name,
        "task": "regression",
        "y_true": yt.tolist(),
        "y_pred": yp.tolist(),
        "expected": {
            "mae": guarded(lambda: M.mean_absolute_error(yt, yp)),
            "mse": guarded(lambda: M.mean_squared_error(yt, yp)),
            "rmse": guarded(lambda: M.mean_squared_error(yt, yp, squared=False)),
            "r2": guarded(lambda: M.r2_score(yt, yp)),
            "mape": guarded(lambda: M.mean_absolute_percentage_error(yt, yp)),
            "median_ae": guarded(lambda: M.median_absolute_error(yt, yp)),
        },
    }


def binary_proba(p_pos):
    p_pos = np.asarray(p_pos, dtype=float)
    return np.column_stack([1 - p_pos, p_pos])


def noisy_binary(n, signal=1.5, decimals=None):
    y = rng.integers(0, 2, n)
    logits = signal * (2 * y - 1) + rng.normal(0, 1.5, n)
    p = 1 / (1 + np.exp(-logits))
    if decimals is not None:
        p = np.round(p, decimals)
    return y, binary_proba(p)


def dirichlet_multiclass(n, k, present=None, decimals=None):
    classes = np.arange(k) if present is None else np.asarray(present)
    y = rng.choice(classes, n)
    alpha = np.ones((n, k))
    alpha[np.arange(n), y] += 2.5
    p = np.vstack([rng.dirichlet(a) for a in alpha])
    if decimals is not None:
        p = np.round(p, decimals)
        p = p / p.sum(axis=1, keepdims=True)
    return y, p


cases = []
YN = ["no", "yes"]

y, p = noisy_binary(500)
cases.append(classification_case("binary random", "binary", YN, y, p))
y, p = noisy_binary(400, decimals=1)
cases.append(classification_case("binary heavy ties (scores rounded to 0.1)", "binary", YN, y, p))
y, p = noisy_binary(6000, signal=0.6, decimals=3)
cases.append(classification_case("binary large with ties", "binary", ["0", "1"], y, p))
y = np.zeros(50, dtype=int)
_, p = noisy_binary(50)
cases.append(classification_case("binary all negative", "binary", YN, y, p))
cases.append(
    classification_case("binary all negative, predicted negative", "binary", YN, y, p, y_pred=np.zeros(50, dtype=int))
)
y = np.ones(40, dtype=int)
_, p = noisy_binary(40)
cases.append(classification_case("binary all positive", "binary", YN, y, p))
y = rng.integers(0, 2, 60)
cases.append(classification_case("binary perfect", "binary", YN, y, binary_proba(0.1 + 0.8 * y)))
cases.append(
    classification_case("binary never predicts positive", "binary", YN, y, binary_proba(np.full(60, 0.3)))
)
y = rng.integers(0, 2, 80)
extreme = np.where(rng.random(80) < 0.5, y, 1 - y).astype(float)  # confident, half wrong: 0 and 1 exactly
cases.append(classification_case("binary log-loss clipping (0 and 1 probabilities)", "binary", YN, y, binary_proba(extreme)))
tiny = np.where(y == 1, 1e-300, 1 - 1e-17)
cases.append(classification_case("binary log-loss clipping (below eps)", "binary", YN, y, binary_proba(tiny)))
y = rng.integers(0, 2, 70)
raw = rng.random((70, 2)) * 0.5  # rows not summing to 1: binary log loss reads the positive column
cases.append(classification_case("binary unnormalised probabilities", "binary", YN, y, raw))
y, p = noisy_binary(90)
cases.append(
    classification_case("binary positive class is the first", "binary", ["neg", "pos"], 1 - y, p[:, ::-1].copy(), positive=0)
)
y = rng.integers(0, 2, 30)
cases.append(classification_case("binary labels only", "binary", YN, y, y_pred=rng.integers(0, 2, 30)))
cases.append(classification_case("binary single row", "binary", YN, [1], binary_proba([0.7])))

ABC = ["a", "b", "c"]
y, p = dirichlet_multiclass(600, 3)
cases.append(classification_case("multiclass random", "multiclass", ABC, y, p))
y, p = dirichlet_multiclass(500, 4, decimals=1)
cases.append(classification_case("multiclass ties", "multiclass", ["a", "b", "c", "d"], y, p))
y, p = dirichlet_multiclass(300, 4, present=[0, 1, 3])
cases.append(classification_case("multiclass class missing from y_true", "multiclass", ["a", "b", "c", "d"], y, p))
y_pred = np.where(np.argmax(p, axis=1) == 2, 0, np.argmax(p, axis=1))
cases.append(
    classification_case(
        "multiclass class missing from y_true and y_pred", "multiclass", ["a", "b", "c", "d"], y, p, y_pred=y_pred
    )
)
y = rng.integers(0, 3, 45)
perfect = np.eye(3)[y] * 0.9 + 0.1 / 3
cases.append(classification_case("multiclass perfect", "multiclass", ABC, y, perfect))
y, p = dirichlet_multiclass(2000, 6)
cases.append(classification_case("multiclass six classes", "multiclass", [f"k{i}" for i in range(6)], y, p))
y = rng.integers(0, 3, 50)
cases.append(classification_case("multiclass labels only", "multiclass", ABC, y, y_pred=rng.integers(0, 3, 50)))
y, p = dirichlet_multiclass(120, 3)
p[:10] = np.eye(3)[(y[:10] + 1) % 3]  # confidently wrong: clipped log loss
cases.append(classification_case("multiclass log-loss clipping", "multiclass", ABC, y, p))

x = rng.normal(0, 1, 1000)
cases.append(regression_case("regression random", x * 3 + 1, x * 3 + 1 + rng.normal(0, 0.5, 1000)))
big = rng.normal(0, 1, 10000)
cases.append(regression_case("regression large", 1e6 + big * 10, 1e6 + big * 10 + rng.normal(0, 3, 10000)))
cases.append(regression_case("regression constant target, perfect", np.full(20, 2.5), np.full(20, 2.5)))
cases.append(regression_case("regression constant target, imperfect", np.full(20, 2.5), 2.5 + rng.normal(0, 1, 20)))
zeros = np.where(rng.random(40) < 0.25, 0.0, rng.normal(5, 2, 40))
cases.append(regression_case("regression zeros in target (mape)", zeros, zeros + rng.normal(0, 1, 40)))
cases.append(regression_case("regression perfect", x[:33], x[:33]))
cases.append(regression_case("regression even count median", [1, 2, 3, 4], [1.5, 2.5, 2, 7]))
cases.append(regression_case("regression single row", [3.0], [2.0]))
cases.append(regression_case("regression integers with ties", rng.integers(0, 5, 200), rng.integers(0, 5, 200)))
# Drawn last so that the random data of the cases above stay as they were.
y, p = noisy_binary(80)
zero_first = np.column_stack([np.zeros(80), p[:, 1]])  # a tree ensemble exported as [0, p]
cases.append(classification_case("binary rows [0, p] (weights under the other class)", "binary", YN, y, zero_first))

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(
    json.dumps(
        {"generator": "scripts/golden/metrics.py", "sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases},
        separators=(",", ":"),
    )
    + "\n"
)
print(f"wrote {len(cases)} cases to {OUT}", file=sys.stderr)
