import {
  bytesField,
  concat,
  decodeFields,
  readVarint,
  scanFields,
  text,
  varintField,
  type WireField,
} from "./protobuf-wire.js";

/**
 * Reading and editing the few parts of an ONNX ModelProto that evaluation needs, at the wire level
 * (field numbers from onnx.proto), so models written by any ONNX version survive the round trip.
 * Only node types, inputs, outputs and attribute names are read; initializers and attribute values
 * (a forest's trees are megabytes of them) are skipped as byte ranges, except the class labels.
 */
const Model = { graph: 7, opsetImport: 8 } as const;
const Graph = { node: 1, output: 12 } as const;
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const Attribute = { name: 1, ints: 8, strings: 9 } as const;
const ValueInfo = { name: 1, type: 2 } as const;
const TypeProto = { tensorType: 1 } as const;
const TensorType = { elemType: 1 } as const;
const Opset = { domain: 1, version: 2 } as const;
/** TensorProto.DataType.FLOAT */
const FLOAT = 1;
/** Identity exists since opset 1; 13 is a version every onnxruntime since 1.7 accepts. */
const IDENTITY_OPSET = 13;

interface GraphNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Each attribute's whole message by name, undecoded. */
  readonly attributes: ReadonlyMap<string, Uint8Array>;
}

export interface ZipMapRewrite {
  /** The model with each ZipMap replaced by an Identity of its probability tensor. */
  readonly bytes: Uint8Array;
  /** Graph outputs that were sequences of maps and are now float tensors [N, classes]. */
  readonly outputs: readonly string[];
}

/**
 * onnxruntime-node cannot return a sequence of maps (ZipMap's output), so a classifier exported with
 * a ZipMap could not be evaluated. The ZipMap only re-packs its input tensor [N, classes] into one map
 * per row, so replacing it by an Identity and declaring the output a float tensor keeps the numbers
 * and the output name. Returns undefined when the model has no ZipMap.
 */
export function removeZipMaps(model: Uint8Array): ZipMapRewrite | undefined {
  const modelFields = decodeFields(model);
  const graphField = modelFields.find((f) => f.field === Model.graph);
  if (!graphField) return undefined;
  const graphFields = decodeFields(graphField.payload);
  const zipmapOutputs: string[] = [];
  const newGraph = graphFields.map((f) => {
    if (f.field !== Graph.node) return f.raw;
    const node = readNode(f.payload);
    if (node.opType !== "ZipMap" || node.inputs.length !== 1 || node.outputs.length !== 1) return f.raw;
    const [input, output] = [node.inputs[0] as string, node.outputs[0] as string];
    zipmapOutputs.push(output);
    return bytesField(
      Graph.node,
      concat([
        bytesField(Node.input, input),
        bytesField(Node.output, output),
        bytesField(Node.name, `mlci_identity_for_zipmap_${output}`),
        bytesField(Node.opType, "Identity"),
      ]),
    );
  });
  if (zipmapOutputs.length === 0) return undefined;
  const rewrittenGraph = graphFields.map((f, i) => {
    if (f.field !== Graph.output) return newGraph[i] as Uint8Array;
    const name = valueInfoName(f.payload);
    if (!zipmapOutputs.includes(name)) return f.raw;
    const tensorType = bytesField(TypeProto.tensorType, varintField(TensorType.elemType, FLOAT));
    return bytesField(Graph.output, concat([bytesField(ValueInfo.name, name), bytesField(ValueInfo.type, tensorType)]));
  });
  const parts = modelFields.map((f) =>
    f.field === Model.graph ? bytesField(Model.graph, concat(rewrittenGraph)) : f.raw,
  );
  if (!importsDefaultDomain(modelFields)) {
    parts.push(
      bytesField(Model.opsetImport, concat([bytesField(Opset.domain, ""), varintField(Opset.version, IDENTITY_OPSET)])),
    );
  }
  return { bytes: concat(parts), outputs: zipmapOutputs };
}

/**
 * The class labels of a classifier, in the order of its probability columns: from the ZipMap, or
 * from the classifier node (TreeEnsembleClassifier, LinearClassifier, SVMClassifier all carry
 * `classlabels_*`). The last such node in the graph wins, as it is the one nearest the outputs.
 */
export function readClassLabels(model: Uint8Array): string[] | undefined {
  const graphField = decodeFields(model).find((f) => f.field === Model.graph);
  if (!graphField) return undefined;
  let labels: string[] | undefined;
  scanFields(graphField.payload, (field, _wireType, payload) => {
    if (field !== Graph.node) return false;
    for (const [name, attribute] of readNode(payload).attributes) {
      if (!name.startsWith("classlabels_")) continue;
      const found = attributeValues(attribute);
      if (found.length > 0) labels = found;
    }
    return false;
  });
  return labels;
}

function readNode(bytes: Uint8Array): GraphNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes = new Map<string, Uint8Array>();
  let opType = "";
  scanFields(bytes, (field, _wireType, payload) => {
    if (field === Node.input) inputs.push(text(payload));
    else if (field === Node.output) outputs.push(text(payload));
    else if (field === Node.opType) opType = text(payload);
    else if (field === Node.attribute) attributes.set(attributeName(payload), payload);
    return false;
  });
  return { opType, inputs, outputs, attributes };
}

/** An attribute's name (field 1, written first), read without touching its values. */
function attributeName(attribute: Uint8Array): string {
  let name = "";
  scanFields(attribute, (field, _wireType, payload) => {
    if (field !== Attribute.name) return false;
    name = text(payload);
    return true;
  });
  return name;
}

/** The `ints` (packed or not) or `strings` of an attribute message, as strings. */
function attributeValues(attribute: Uint8Array): string[] {
  const values: string[] = [];
  for (const f of decodeFields(attribute)) {
    if (f.field === Attribute.strings) values.push(text(f.payload));
    else if (f.field === Attribute.ints && f.wireType === 0) values.push(BigInt.asIntN(64, f.varint).toString());
    else if (f.field === Attribute.ints) {
      // packed repeated int64: a run of varints
      for (const v of decodePackedVarints(f.payload)) values.push(BigInt.asIntN(64, v).toString());
    }
  }
  return values;
}

function decodePackedVarints(payload: Uint8Array): bigint[] {
  const values: bigint[] = [];
  for (let offset = 0; offset < payload.length; ) {
    const v = readVarint(payload, offset);
    values.push(v.value);
    offset = v.next;
  }
  return values;
}

function valueInfoName(bytes: Uint8Array): string {
  const name = decodeFields(bytes).find((f) => f.field === ValueInfo.name);
  return name ? text(name.payload) : "";
}

function importsDefaultDomain(modelFields: readonly WireField[]): boolean {
  return modelFields
    .filter((f) => f.field === Model.opsetImport)
    .some((f) => {
      const domain = decodeFields(f.payload).find((d) => d.field === Opset.domain);
      const name = domain ? text(domain.payload) : "";
      return name === "" || name === "ai.onnx";
    });
}
