#!/usr/bin/python3
"""Builds the ONNX test models of packages/model/test-data/ and their expected outputs.

There is no skl2onnx here (Debian ships onnx 1.12 and scikit-learn 1.2 only), so each graph is written
by hand with onnx.helper, with weights fitted by scikit-learn on flights-sample.csv (a sample of the
vega-datasets flights, written by export_flights_sample.mjs). The shapes and names follow what skl2onnx
emits: per-column inputs [N,1] named after the columns, or one float matrix input; classifier outputs
`output_label` [N] and `output_probability` [N,C] (or a ZipMap sequence of maps).

expected-outputs.json holds, per model, the outputs for the first rows of the sample, computed here in
numpy with the ONNX semantics (float32 inputs and thresholds), so the TypeScript tests check that
onnxruntime-node and our input mapping agree with an independent computation.

Run from the repository root: /usr/bin/python3 scripts/models/make_test_models.py
"""

import csv
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn import metrics
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression

OUT = "packages/model/test-data"
SAMPLE = os.path.join(OUT, "flights-sample.csv")
EXPECTED_ROWS = 12
SEED = 42
OPSETS = [helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)]


def load_sample():
    with open(SAMPLE, newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        "distance": np.array([float(r["distance"]) for r in rows]),
        "hour": np.array([int(r["hour"]) for r in rows], dtype=np.int64),
        "weekday": np.array([int(r["weekday"]) for r in rows], dtype=np.int64),
        "weekend": np.array([r["weekend"] == "true" for r in rows]),
        "origin": np.array([r["origin"] for r in rows], dtype=object),
        "delay": np.array([float(r["delay"]) for r in rows]),
        "delayed": np.array([int(r["delayed"]) for r in rows], dtype=np.int64),
        "arrival": np.array([r["arrival"] for r in rows], dtype=object),
    }


def save(model, name, doc):
    model.doc_string = doc
    model.producer_name = "mlci make_test_models.py"
    onnx.checker.check_model(model)
    path = os.path.join(OUT, name)
    onnx.save(model, path)
    print(f"wrote {path}")


def make_model(nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, "mlci_test", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=OPSETS, ir_version=8)


def f32(name, values):
    array = np.asarray(values, dtype=np.float32)
    return helper.make_tensor(name, TensorProto.FLOAT, array.shape, array.flatten().tolist())


# ---------------------------------------------------------------- logistic regression, per-column inputs


def logistic_columns(data):
    """Inputs distance float [N,1], hour int64 [N,1], weekend bool [N,1]; label [N] + probabilities [N,2]."""
    x = np.column_stack([data["distance"], data["hour"], data["weekend"]]).astype(np.float32)
    mean, std = x.mean(axis=0), x.std(axis=0)
    clf = LogisticRegression(random_state=SEED).fit((x - mean) / std, data["delayed"])
    w = clf.coef_.reshape(3, 1).astype(np.float32)
    b = clf.intercept_.astype(np.float32)
    nodes = [
        helper.make_node("Cast", ["hour"], ["hour_f"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["weekend"], ["weekend_f"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["distance", "hour_f", "weekend_f"], ["x"], axis=1),
        helper.make_node("Sub", ["x", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "std"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["output_probability"], axis=1),
        helper.make_node("ArgMax", ["output_probability"], ["output_label"], axis=1, keepdims=0),
    ]
    model = make_model(
        nodes,
        [
            helper.make_tensor_value_info("distance", TensorProto.FLOAT, [None, 1]),
            helper.make_tensor_value_info("hour", TensorProto.INT64, [None, 1]),
            helper.make_tensor_value_info("weekend", TensorProto.BOOL, [None, 1]),
        ],
        [
            helper.make_tensor_value_info("output_label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("output_probability", TensorProto.FLOAT, [None, 2]),
        ],
        [f32("mean", mean), f32("std", std), f32("w", w), f32("b", b), f32("one", [1.0])],
    )
    save(model, "logistic_columns.onnx", "Logistic regression of delayed on distance, hour, weekend")

    xs = x[:EXPECTED_ROWS]
    z = ((xs - mean.astype(np.float32)) / std.astype(np.float32)) @ w + b
    p1 = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
    proba = np.column_stack([1.0 - p1, p1])
    return {
        "inputs": {"distance": "float", "hour": "int64", "weekend": "bool"},
        "label": proba.argmax(axis=1).tolist(),
        "probabilities": proba.tolist(),
        "classes": [0, 1],
    }


# ---------------------------------------------------------------- tree ensembles


def tree_nodes(estimators, scale):
    """Flattens fitted sklearn trees into the ai.onnx.ml tree-ensemble node attributes."""
    attrs = {k: [] for k in ["treeids", "nodeids", "featureids", "values", "modes", "truenodeids", "falsenodeids"]}
    leaves = []  # (tree, node, value vector)
    for t, est in enumerate(estimators):
        tree = est.tree_
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            attrs["treeids"].append(t)
            attrs["nodeids"].append(n)
            attrs["featureids"].append(0 if leaf else int(tree.feature[n]))
            attrs["values"].append(0.0 if leaf else float(tree.threshold[n]))
            attrs["modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            attrs["truenodeids"].append(0 if leaf else int(tree.children_left[n]))
            attrs["falsenodeids"].append(0 if leaf else int(tree.children_right[n]))
            if leaf:
                leaves.append((t, n, scale(tree.value[n][0])))
    return attrs, leaves


def predict_trees(estimators, leaf_value, x):
    """The ONNX semantics: float32 features against float32 thresholds, BRANCH_LEQ, values summed."""
    x = x.astype(np.float32)
    total = None
    for est in estimators:
        tree = est.tree_
        out = []
        for row in x:
            n = 0
            while tree.children_left[n] != -1:
                threshold = np.float32(tree.threshold[n])
                n = tree.children_left[n] if row[tree.feature[n]] <= threshold else tree.children_right[n]
            out.append(leaf_value(tree.value[n][0]))
        out = np.array(out, dtype=np.float64)
        total = out if total is None else total + out
    return total


def tree_classifier(data, target, name, zipmap, doc, n_trees=5, depth=4):
    features = ["distance", "hour", "weekday"]
    x = np.column_stack([data[f] for f in features]).astype(np.float32)
    y = data[target]
    forest = RandomForestClassifier(n_estimators=n_trees, max_depth=depth, random_state=SEED).fit(x, y)
    classes = forest.classes_.tolist()
    string_labels = isinstance(classes[0], str)
    n = len(forest.estimators_)

    def normalise(value):
        return value / value.sum() / n

    attrs, leaves = tree_nodes(forest.estimators_, normalise)
    class_attrs = {"class_treeids": [], "class_nodeids": [], "class_ids": [], "class_weights": []}
    binary = len(classes) == 2
    for t, node, weights in leaves:
        # As skl2onnx does: a binary ensemble carries P(class 1) under class id 0, and onnxruntime
        # returns [1 - p, p]. Listing both classes makes it return label 1 for every row; listing class
        # 1 alone makes it return [0, p].
        entries = [(0, weights[1])] if binary else list(enumerate(weights))
        for c, weight in entries:
            class_attrs["class_treeids"].append(t)
            class_attrs["class_nodeids"].append(node)
            class_attrs["class_ids"].append(c)
            class_attrs["class_weights"].append(float(weight))
    labels = {"classlabels_strings": classes} if string_labels else {"classlabels_int64s": [int(c) for c in classes]}
    label_type = TensorProto.STRING if string_labels else TensorProto.INT64
    probability = "probabilities" if zipmap else "output_probability"
    nodes = [
        helper.make_node(
            "TreeEnsembleClassifier",
            ["input"],
            ["output_label", probability],
            domain="ai.onnx.ml",
            post_transform="NONE",
            **{f"nodes_{k}": v for k, v in attrs.items()},
            **class_attrs,
            **labels,
        )
    ]
    if zipmap:
        nodes.append(helper.make_node("ZipMap", [probability], ["output_probability"], domain="ai.onnx.ml", **labels))
        key_type = TensorProto.STRING if string_labels else TensorProto.INT64
        map_type = onnx.TypeProto()  # onnx 1.12's helper has no make_map_type_proto
        map_type.map_type.key_type = key_type
        map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, None))
        probability_output = helper.make_value_info("output_probability", helper.make_sequence_type_proto(map_type))
    else:
        probability_output = helper.make_tensor_value_info("output_probability", TensorProto.FLOAT, [None, len(classes)])
    model = make_model(
        nodes,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(features)])],
        [helper.make_tensor_value_info("output_label", label_type, [None]), probability_output],
    )
    save(model, name, doc)

    proba = predict_trees(forest.estimators_, normalise, x[:EXPECTED_ROWS])
    # scikit-learn's metrics of the ONNX-semantics predictions on the whole sample: the end-to-end
    # tests check `mlci evaluate` against them.
    all_proba = predict_trees(forest.estimators_, normalise, x)
    y_index = np.searchsorted(forest.classes_, y)
    predicted = all_proba.argmax(axis=1)
    sample_metrics = {
        "accuracy": metrics.accuracy_score(y_index, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_index, predicted),
        "f1_macro": metrics.f1_score(y_index, predicted, average="macro"),
        "log_loss": metrics.log_loss(y_index, all_proba, labels=list(range(len(classes)))),
    }
    if len(classes) == 2:
        sample_metrics["roc_auc"] = metrics.roc_auc_score(y_index, all_proba[:, 1])
        sample_metrics["brier"] = metrics.brier_score_loss(y_index, all_proba[:, 1])
    return {
        "sample_metrics": sample_metrics,
        "features": features,
        "label": [classes[i] for i in proba.argmax(axis=1)],
        "probabilities": proba.tolist(),
        "classes": classes,
    }


def tree_regressor(data):
    """One double matrix input (distance, hour); output `variable` float [N,1] predicting the delay."""
    features = ["distance", "hour"]
    x = np.column_stack([data[f] for f in features]).astype(np.float32)
    forest = RandomForestRegressor(n_estimators=4, max_depth=4, random_state=SEED).fit(x, data["delay"])
    n = len(forest.estimators_)

    def mean_value(value):
        return value[0] / n

    attrs, leaves = tree_nodes(forest.estimators_, mean_value)
    nodes = [
        helper.make_node(
            "TreeEnsembleRegressor",
            ["input"],
            ["variable"],
            domain="ai.onnx.ml",
            n_targets=1,
            post_transform="NONE",
            **{f"nodes_{k}": v for k, v in attrs.items()},
            target_treeids=[t for t, _, _ in leaves],
            target_nodeids=[node for _, node, _ in leaves],
            target_ids=[0 for _ in leaves],
            target_weights=[float(v) for _, _, v in leaves],
        )
    ]
    model = make_model(
        nodes,
        [helper.make_tensor_value_info("input", TensorProto.DOUBLE, [None, len(features)])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    )
    save(model, "tree_regressor.onnx", "Random forest regression of delay (minutes) on distance, hour")
    prediction = predict_trees(forest.estimators_, mean_value, x[:EXPECTED_ROWS])
    return {"features": features, "prediction": prediction.tolist()}


# ---------------------------------------------------------------- string input


def string_columns(data):
    """Inputs origin string [N,1] (target-encoded by a LabelEncoder) and distance float [N,1]; one score [N,1]."""
    origins = sorted(set(data["origin"]))
    prior = data["delayed"].mean()
    # Smoothed log-odds of delay per origin airport: a target encoding, as a LabelEncoder table.
    encoding = {}
    for o in origins:
        mask = data["origin"] == o
        rate = (data["delayed"][mask].sum() + 10 * prior) / (mask.sum() + 10)
        encoding[o] = float(np.log(rate / (1 - rate)))
    default = float(np.log(prior / (1 - prior)))
    enc = np.array([encoding[o] for o in data["origin"]], dtype=np.float32)
    km = (data["distance"] / 1000.0).astype(np.float32)
    x = np.column_stack([enc, km])
    clf = LogisticRegression(random_state=SEED).fit(x, data["delayed"])
    w = clf.coef_.reshape(2, 1).astype(np.float32)
    b = clf.intercept_.astype(np.float32)
    nodes = [
        helper.make_node(
            "LabelEncoder",
            ["origin"],
            ["origin_logit"],
            domain="ai.onnx.ml",
            keys_strings=origins,
            values_floats=[encoding[o] for o in origins],
            default_float=default,
        ),
        helper.make_node("Div", ["distance", "thousand"], ["distance_km"]),
        helper.make_node("Concat", ["origin_logit", "distance_km"], ["x"], axis=1),
        helper.make_node("MatMul", ["x", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["score"]),
    ]
    model = make_model(
        nodes,
        [
            helper.make_tensor_value_info("origin", TensorProto.STRING, [None, 1]),
            helper.make_tensor_value_info("distance", TensorProto.FLOAT, [None, 1]),
        ],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])],
        [f32("thousand", [1000.0]), f32("w", w), f32("b", b)],
    )
    save(model, "string_columns.onnx", "Delay score from a target-encoded origin airport and distance")
    z = x[:EXPECTED_ROWS] @ w + b
    score = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
    return {"inputs": {"origin": "string", "distance": "float"}, "score": score[:, 0].tolist()}


def main():
    data = load_sample()
    expected = {
        "rows": EXPECTED_ROWS,
        "logistic_columns.onnx": logistic_columns(data),
        "tree_binary.onnx": tree_classifier(
            data, "delayed", "tree_binary.onnx", False, "Random forest of delayed on distance, hour, weekday"
        ),
        "tree_binary_zipmap.onnx": tree_classifier(
            data, "delayed", "tree_binary_zipmap.onnx", True, "tree_binary.onnx with a ZipMap output"
        ),
        "tree_multiclass.onnx": tree_classifier(
            data, "arrival", "tree_multiclass.onnx", False, "Random forest of arrival (early/on_time/late)"
        ),
        "tree_multiclass_zipmap.onnx": tree_classifier(
            data, "arrival", "tree_multiclass_zipmap.onnx", True, "tree_multiclass.onnx with a ZipMap output"
        ),
        "tree_regressor.onnx": tree_regressor(data),
        "string_columns.onnx": string_columns(data),
    }
    # A larger forest for the benchmark: the same features, realistic size (the bench times inference).
    tree_classifier(
        data, "delayed", "flights_forest.onnx", False, "Bench model: 24 trees of depth 8", n_trees=24, depth=8
    )
    with open(os.path.join(OUT, "expected-outputs.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.join(OUT, 'expected-outputs.json')}")


if __name__ == "__main__":
    main()
