"""The two 40-tree forests of bench/evaluate-pr.mjs: a head and a baseline model of `delayed`.

Trained with scripts/models/make_test_models.py's tree_classifier (scikit-learn RandomForestClassifier
on packages/model/test-data/flights-sample.csv, exported with onnx.helper as skl2onnx would), with
different seeds and depths so the two models differ. Needs Debian's python3-sklearn and python3-onnx.
Usage: /usr/bin/python3 bench/support/make_forests.py OUT_DIR
"""
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "make_test_models", os.path.join(here, "../../scripts/models/make_test_models.py")
)
models = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)

models.OUT = sys.argv[1]
models.SAMPLE = os.path.join(here, "../../packages/model/test-data/flights-sample.csv")
data = models.load_sample()
models.tree_classifier(data, "delayed", "pr-head.onnx", False, "bench head: 40 trees of depth 12", n_trees=40, depth=12)
models.SEED = 7
models.tree_classifier(
    data, "delayed", "pr-baseline.onnx", False, "bench baseline: 40 trees of depth 10", n_trees=40, depth=10
)
