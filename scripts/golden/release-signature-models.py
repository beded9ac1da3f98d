#!/usr/bin/env python3
"""Writes two tiny ONNX models for the release tests (packages/model/test-data/): a scorer with two
named inputs, and the same scorer with one input renamed and a wider output, so `auto` versioning
sees a signature change. Run with /usr/bin/python3 (Debian's python3-onnx)."""
import onnx
from onnx import TensorProto, helper


def scorer(path, first_input, out_width):
    a = helper.make_tensor_value_info(first_input, TensorProto.FLOAT, ["N", 1])
    b = helper.make_tensor_value_info("origin_code", TensorProto.FLOAT, ["N", 1])
    out = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", out_width])
    nodes = [helper.make_node("Add", [first_input, "origin_code"], ["sum"])]
    if out_width == 1:
        nodes.append(helper.make_node("Identity", ["sum"], ["score"]))
    else:
        nodes.append(helper.make_node("Concat", ["sum"] * out_width, ["score"], axis=1))
    graph = helper.make_graph(nodes, "scorer", [a, b], [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


scorer("packages/model/test-data/scorer-v1.onnx", "distance", 1)
scorer("packages/model/test-data/scorer-v2.onnx", "distance_km", 2)
