import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readClassLabels, removeZipMaps } from "./onnx-graph.js";
import { bytesField, concat, decodeFields, scanFields, text, varintField } from "./protobuf-wire.js";

// Field numbers of onnx.proto used below.
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, output: 12 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, ints: 8, strings: 9 } as const;

/**
 * An attribute whose values are not valid protobuf: a tag for `ints` followed by a varint that never
 * ends. Any code that decodes the values throws; code that reads only the name does not.
 */
function corruptAttribute(name: string): Uint8Array {
  return concat([bytesField(ATTRIBUTE.name, name), Uint8Array.of((ATTRIBUTE.ints << 3) | 0, 0xff, 0xff, 0xff)]);
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Uint8Array[]): Uint8Array {
  return bytesField(
    GRAPH.node,
    concat([
      ...inputs.map((i) => bytesField(NODE.input, i)),
      ...outputs.map((o) => bytesField(NODE.output, o)),
      bytesField(NODE.opType, opType),
      ...attributes.map((a) => bytesField(NODE.attribute, a)),
    ]),
  );
}

/** A forest-like graph: a classifier node with corrupt tree attributes, a ZipMap, and a corrupt initializer. */
function model(): Uint8Array {
  const labels = concat([
    bytesField(ATTRIBUTE.name, "classlabels_strings"),
    bytesField(ATTRIBUTE.strings, "late"),
    bytesField(ATTRIBUTE.strings, "on_time"),
  ]);
  const graph = concat([
    node(
      "TreeEnsembleClassifier",
      ["input"],
      ["label", "probabilities"],
      [corruptAttribute("nodes_values"), corruptAttribute("class_weights"), labels],
    ),
    node("ZipMap", ["probabilities"], ["output_probability"], [labels]),
    bytesField(GRAPH.initializer, Uint8Array.of(0xff, 0xff, 0xff)),
    bytesField(GRAPH.output, bytesField(1, "output_probability")),
  ]);
  return concat([varintField(1, 8), bytesField(MODEL_GRAPH, graph)]);
}

describe("reading an ONNX graph at the wire level", () => {
  it("reads class labels without decoding the other attributes' values", () => {
    assert.deepEqual(readClassLabels(model()), ["late", "on_time"]);
  });

  it("rewrites a ZipMap without decoding tree attributes or initializers", () => {
    const rewrite = removeZipMaps(model());
    assert.ok(rewrite);
    assert.deepEqual(rewrite.outputs, ["output_probability"]);
    // The corrupt attribute and initializer bytes are carried over unchanged.
    const graph = decodeFields(rewrite.bytes).find((f) => f.field === MODEL_GRAPH);
    assert.ok(graph);
    const original = decodeFields(model()).find((f) => f.field === MODEL_GRAPH);
    assert.deepEqual(decodeFields(graph.payload)[0]?.raw, decodeFields(original?.payload ?? new Uint8Array())[0]?.raw);
    const opTypes: string[] = [];
    for (const f of decodeFields(graph.payload).filter((f) => f.field === GRAPH.node)) {
      scanFields(f.payload, (field, _wireType, payload) => {
        if (field === NODE.opType) opTypes.push(text(payload));
        return false;
      });
    }
    assert.deepEqual(opTypes, ["TreeEnsembleClassifier", "Identity"]);
  });
});

describe("scanFields", () => {
  it("visits every field with its payload and stops when asked", () => {
    const message = concat([varintField(1, 300), bytesField(2, "ab"), varintField(3, 1)]);
    const seen: [number, number, number[]][] = [];
    scanFields(message, (field, wireType, payload) => {
      seen.push([field, wireType, [...payload]]);
      return field === 2;
    });
    assert.deepEqual(seen, [
      [1, 0, [0xac, 0x02]],
      [2, 2, [0x61, 0x62]],
    ]);
  });

  it("refuses a field that runs past the end of its message", () => {
    const truncated = bytesField(2, "abc").subarray(0, 3);
    assert.throws(() => scanFields(truncated, () => false), /runs past the end/);
  });
});
