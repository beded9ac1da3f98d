// Training in CI, as the train action runs it: the flights-delay example's own training command
// (logistic regression in plain JavaScript, exported to ONNX) run through `mlci train`, which checks
// the model and records its lineage. The demo works on a copy of the example's mlci.yml under
// .mlci-out/demo/ whose paths point back at the example, so the demo writes nothing elsewhere.
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseDocument } from "yaml";

export const title = "Train the flights-delay model with its own command; lineage.json records where it came from";

export async function run(demo) {
  const example = join(demo.root, "examples", "flights-delay");
  const config = join(demo.out, "mlci.yml");
  const fromDemo = (path) => relative(demo.out, join(example, path));

  const document = parseDocument(readFileSync(join(example, "mlci.yml"), "utf8"));
  for (const name of ["train", "test", "later"]) {
    document.setIn(["data", name, "path"], fromDemo(`data/${name}.parquet`));
    document.setIn(["data", name, "contract"], fromDemo("schema.yml"));
  }
  const model = ["models", "flights-delay"];
  document.setIn(
    [...model, "train", "command"],
    `node ${fromDemo("train.mjs")} --train ${fromDemo("data/train.parquet")} --test ${fromDemo("data/test.parquet")}`,
  );
  document.setIn(
    [...model, "train", "data"],
    document.createNode([fromDemo("data/train.parquet"), fromDemo("data/test.parquet")], { flow: true }),
  );
  writeFileSync(config, document.toString());
  demo.say(`config ${demo.show(config)}: the example's mlci.yml, paths pointing at examples/flights-delay/`);

  const lineageFile = join(demo.out, "lineage.json");
  await demo.mlci(["train", "--config", demo.path(config), "--out", demo.path(lineageFile)]);
  const lineage = JSON.parse(readFileSync(lineageFile, "utf8"));
  const modelFile = join(demo.out, lineage.model.path);
  const memory = lineage.peak_memory_bytes === null ? "n/a" : `${(lineage.peak_memory_bytes / 2 ** 20).toFixed(0)} MiB`;
  demo.say(
    `lineage ${demo.show(lineageFile)}: commit ${String(lineage.git.commit).slice(0, 12)}, ` +
      `${lineage.data.length} data files by sha256, params ${JSON.stringify(lineage.params)}, ` +
      `${(lineage.duration_ms / 1000).toFixed(1)} s, peak memory ${memory}`,
  );

  demo.values.train = { config, model: modelFile, lineage: lineageFile, name: lineage.model.name };
}
