// Writes the fitted model as an ONNX ModelProto with protobufjs: no Python, no converter.
// Inputs, one per column as skl2onnx names them, so `mlci evaluate` maps data columns by name:
//   distance float [N,1], hour int64 [N,1], day_of_week int64 [N,1], origin string [N,1]
// Outputs, as scikit-learn classifiers export without ZipMap:
//   label int64 [N] (1 = delayed), probabilities float [N,2] (P(on time), P(delayed))
import { readFileSync } from "node:fs";
import protobuf from "protobufjs";
import { featureCount } from "./features.mjs";

const proto = protobuf.parse(readFileSync(new URL("./onnx-subset.proto", import.meta.url), "utf8")).root;
const ModelProto = proto.lookupType("onnx.ModelProto");

const FLOAT = 1;
const INT64 = 7;
const STRING = 8;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7, STRINGS: 8 };
/** IR version 8 / opset 13 (and ai.onnx.ml 1): supported by every onnxruntime since 1.8. */
const IR_VERSION = 8;
const OPSET = 13;

const utf8 = (text) => Buffer.from(text, "utf8");

function valueInfo(name, elemType, dims) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function floatTensor(name, dims, values) {
  return { name, dims, dataType: FLOAT, floatData: Array.from(values, Number) };
}

function int64Tensor(name, dims, values) {
  return { name, dims, dataType: INT64, int64Data: values };
}

function node(opType, inputs, outputs, attributes = [], domain = "") {
  return { opType, input: inputs, output: outputs, name: outputs[0], domain, attribute: attributes };
}

const ints = (name, values) => ({ name, type: ATTR.INTS, ints: values });
const int = (name, value) => ({ name, type: ATTR.INT, i: value });
const strings = (name, values) => ({ name, type: ATTR.STRINGS, strings: values.map(utf8) });

/** One-hot block: OneHotEncoder gives [N,1,C]; reshape to [N,C]. */
function oneHot(input, categories, kind) {
  const encoded = `${input}_onehot3d`;
  const attribute = kind === "int" ? ints("cats_int64s", categories) : strings("cats_strings", categories);
  return [
    node("OneHotEncoder", [input], [encoded], [attribute, int("zeros", 1)], "ai.onnx.ml"),
    node("Reshape", [encoded, `${input}_shape`], [`${input}_onehot`]),
  ];
}

/** The ModelProto bytes of a fitted model ({ weights, bias }) and its feature spec. */
export function exportOnnx(model, spec, metadata = {}) {
  const d = featureCount(spec);
  const nodes = [
    node("Sub", ["distance", "distance_mean"], ["distance_centered"]),
    node("Div", ["distance_centered", "distance_std"], ["distance_z"]),
    ...oneHot("hour", spec.hours, "int"),
    ...oneHot("day_of_week", spec.days, "int"),
    ...oneHot("origin", spec.origins, "string"),
    node(
      "Concat",
      ["distance_z", "hour_onehot", "day_of_week_onehot", "origin_onehot"],
      ["features"],
      [int("axis", 1)],
    ),
    node("MatMul", ["features", "weights"], ["linear"]),
    node("Add", ["linear", "bias"], ["logit"]),
    node("Sigmoid", ["logit"], ["p_delayed"]),
    node("Sub", ["one", "p_delayed"], ["p_on_time"]),
    node("Concat", ["p_on_time", "p_delayed"], ["probabilities"], [int("axis", 1)]),
    node("Greater", ["p_delayed", "half"], ["is_delayed"]),
    node("Cast", ["is_delayed"], ["label_2d"], [int("to", INT64)]),
    node("Reshape", ["label_2d", "flat_shape"], ["label"]),
  ];
  const initializers = [
    floatTensor("distance_mean", [1], [spec.distanceMean]),
    floatTensor("distance_std", [1], [spec.distanceStd]),
    int64Tensor("hour_shape", [2], [-1, spec.hours.length]),
    int64Tensor("day_of_week_shape", [2], [-1, spec.days.length]),
    int64Tensor("origin_shape", [2], [-1, spec.origins.length]),
    floatTensor("weights", [d, 1], model.weights),
    floatTensor("bias", [1], [model.bias]),
    floatTensor("one", [1], [1]),
    floatTensor("half", [1], [0.5]),
    int64Tensor("flat_shape", [1], [-1]),
  ];
  const message = ModelProto.fromObject({
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: "", version: OPSET },
      { domain: "ai.onnx.ml", version: 1 },
    ],
    producerName: "flights-delay-example",
    producerVersion: "1",
    graph: {
      name: "flights_delay_logistic",
      node: nodes,
      initializer: initializers,
      input: [
        valueInfo("distance", FLOAT, ["N", 1]),
        valueInfo("hour", INT64, ["N", 1]),
        valueInfo("day_of_week", INT64, ["N", 1]),
        valueInfo("origin", STRING, ["N", 1]),
      ],
      output: [valueInfo("label", INT64, ["N"]), valueInfo("probabilities", FLOAT, ["N", 2])],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value: String(value) })),
  });
  return ModelProto.encode(message).finish();
}
