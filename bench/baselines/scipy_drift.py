#!/usr/bin/env python3
"""Baseline for bench/profile.mjs: the statistics of `mlci drift` computed with pandas + numpy + scipy
on two CSV files: per numeric column Wasserstein distance / reference std, two-sample KS, PSI and
Jensen-Shannon on reference deciles; per text column chi-square, PSI and Jensen-Shannon on category
counts; the missing share of every column. Prints one JSON line of the drifted columns."""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

reference = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
EPS = 0.0001


def psi(p, q):
    p = p / p.sum()
    q = q / q.sum()
    p = np.where(p == 0, EPS, p)
    q = np.where(q == 0, EPS, q)
    return float(np.sum((q - p) * np.log(q / p)))


drifted = []
for column in reference.columns:
    if column == "date":
        continue
    r = reference[column].dropna()
    c = current[column].dropna()
    missing_delta = abs(current[column].isna().mean() - reference[column].isna().mean())
    if pd.api.types.is_numeric_dtype(r):
        r = r.to_numpy(float)
        c = c.to_numpy(float)
        w = stats.wasserstein_distance(r, c) / np.std(r)
        stats.ks_2samp(r, c, method="asymp")
        edges = np.unique(np.quantile(r, np.linspace(0, 1, 11)))
        edges[0], edges[-1] = -np.inf, np.inf
        p = np.histogram(r, edges)[0].astype(float)
        q = np.histogram(c, edges)[0].astype(float)
        psi(p, q)
        jensenshannon(p, q)
        score = w
    else:
        counts = pd.concat([r.value_counts(), c.value_counts()], axis=1).fillna(0).to_numpy().T
        stats.chi2_contingency(counts, correction=False)
        psi(counts[0], counts[1])
        score = jensenshannon(counts[0], counts[1])
    if score >= 0.1 or missing_delta >= 0.1:
        drifted.append(column)
print(json.dumps({"drifted": drifted}))
