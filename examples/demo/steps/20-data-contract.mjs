// Data contracts: infer one from the reference month, then hold new batches to it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

export const title = "Data contract: infer it from January, validate a clean and a broken March batch";

export async function run(demo) {
  const { reference, clean, broken } = demo.values.flights;
  const contract = join(demo.out, "flights.schema.yml");
  await demo.mlci(["schema", "infer", demo.path(reference), "--out", demo.path(contract)]);
  demo.say(`contract ${demo.show(contract)}: types, nullability, ranges and the allowed airports of January`);
  // The review a person does: the reference month held a few repeated rows (feed glitches); a batch
  // must hold none, and a repeat is an error, not a warning.
  const document = parseDocument(readFileSync(contract, "utf8"));
  document.setIn(["dataset", "duplicate_rows"], document.createNode({ max: 0, severity: "error" }, { flow: true }));
  writeFileSync(contract, document.toString());
  demo.say("reviewed: dataset.duplicate_rows set to {max: 0, severity: error}");

  demo.say("\nA clean batch passes (exit 0):");
  const cleanResult = join(demo.out, "validation-clean.json");
  await demo.mlci(["validate", demo.path(clean), "--schema", demo.path(contract), "--out", demo.path(cleanResult)]);

  demo.say("\nThe broken batch fails (exit 1), each fault named with its rows:");
  const brokenResult = join(demo.out, "validation-broken.json");
  await demo.mlci(
    [
      "validate",
      demo.path(broken),
      "--schema",
      demo.path(contract),
      "--out",
      demo.path(brokenResult),
      "--format",
      "markdown",
    ],
    { expect: 1 },
  );
  demo.say(`results ${demo.show(cleanResult)}, ${demo.show(brokenResult)}`);
  demo.values.contract = contract;
  demo.values.validation = { clean: cleanResult, broken: brokenResult };
}
