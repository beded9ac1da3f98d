/**
 * No command overwrites one of its inputs, whatever the spelling of the output path: `x`, `./x`, the
 * absolute path, `sub/../x`, a symbolic link to `x`, `x` through a linked directory, a hard link to
 * `x`, a glob that covers the output. Every clobber target is a scratch copy made by the test, and
 * each refusal is checked to leave the target byte for byte as it was. FIFOs as inputs are refused
 * up front instead of blocking forever.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCliCaptured } from "./support/in-process-cli.js";
import { fromRoot } from "./support/paths.js";
import { scratchDir } from "./support/scratch.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function mlci(args: readonly string[]): Promise<Run> {
  return runCliCaptured(args);
}

/**
 * A read of a FIFO nobody writes to never returns. After a while (far longer than a refusal takes)
 * this opens and closes each FIFO's writing end, which ends such a read, and says the run blocked.
 */
async function unlessBlocked(running: Promise<Run>, fifos: readonly string[]): Promise<Run | "blocked"> {
  const wait = (ms: number) => new Promise<"waiting">((done) => setTimeout(() => done("waiting"), ms).unref());
  if ((await Promise.race([running, wait(10_000)])) !== "waiting") return running;
  // Blocked: release every read of the FIFOs (the command may open the next one) until it ends.
  while ((await Promise.race([running, wait(200)])) === "waiting") {
    for (const fifo of fifos) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading this one
      }
    }
  }
  return "blocked";
}

const startDir = process.cwd();
let dir: string;

/** Every way of naming `name` (a file in the scratch directory) that the tests try. */
function spellings(name: string): string[] {
  const links = [`symlink-${name}`, `hardlink-${name}`];
  if (!existsSync(links[0] as string)) symlinkSync(join(dir, name), links[0] as string);
  if (!existsSync(links[1] as string)) linkSync(name, links[1] as string);
  return [
    name,
    `./${name}`,
    join(dir, name),
    `sub/../${name}`,
    links[0] as string,
    `linked-dir/${name}`,
    links[1] as string,
  ];
}

before(() => {
  dir = scratchDir("mlci-file-guard-");
  process.chdir(dir);
  mkdirSync("sub");
  symlinkSync(dir, "linked-dir");
  writeFileSync("data.csv", "id,amount\n1,2.5\n2,3.5\n");
  writeFileSync("current.csv", "id,amount\n1,2.0\n2,4.5\n");
  writeFileSync("schema.yml", "version: 1\ncolumns:\n  id: {type: integer}\n  amount: {type: number}\n");
  copyFileSync(fromRoot("test/fixtures/report/evaluation-worse.json"), "evaluation.json");
  copyFileSync(fromRoot("packages/model/test-data/tree_binary.onnx"), "model.onnx");
  copyFileSync(fromRoot("packages/model/test-data/flights-sample.csv"), "flights.csv");
  writeFileSync(
    "train.yml",
    [
      "version: 1",
      "models:",
      "  m:",
      "    path: model.onnx",
      "    task: binary",
      "    target: delayed",
      "    train:",
      '      command: "true"',
      "      data: [flights.csv]",
      "",
    ].join("\n"),
  );
});
after(() => process.chdir(startDir));

/** Runs the command once per spelling of `target` as its output; each run is refused and leaves `target` as it was. */
async function assertRefusedForEverySpelling(target: string, command: (out: string) => string[]): Promise<void> {
  const before = readFileSync(target);
  for (const out of spellings(target)) {
    const run = await mlci(command(out));
    assert.equal(run.code, 2, `${command(out).join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, /writing it would destroy the input|are the same file/, out);
    assert.equal(run.stderr.match(/^mlci: /gm)?.length, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.deepEqual(readFileSync(target), before, `${target} was changed through ${out}`);
  }
}

describe("an output that is an input is refused, by any path", () => {
  it("validate: the data, the contract and mlci.yml", async () => {
    await assertRefusedForEverySpelling("data.csv", (out) => [
      "validate",
      "data.csv",
      "--schema",
      "schema.yml",
      "--out",
      out,
    ]);
    await assertRefusedForEverySpelling("schema.yml", (out) => [
      "validate",
      "data.csv",
      "--schema",
      "schema.yml",
      "--out",
      out,
    ]);
    await assertRefusedForEverySpelling("train.yml", (out) => [
      "validate",
      "data.csv",
      "--schema",
      "schema.yml",
      "--config",
      "train.yml",
      "--out",
      out,
    ]);
  });

  it("schema infer --force", async () => {
    await assertRefusedForEverySpelling("data.csv", (out) => ["schema", "infer", "data.csv", "--force", "--out", out]);
  });

  it("profile and profile merge", async () => {
    await assertRefusedForEverySpelling("data.csv", (out) => ["profile", "data.csv", "--out", out]);
    assert.equal((await mlci(["profile", "data.csv", "--out", "profile-a.json"])).code, 0);
    assert.equal((await mlci(["profile", "current.csv", "--out", "profile-b.json"])).code, 0);
    await assertRefusedForEverySpelling("profile-b.json", (out) => [
      "profile",
      "merge",
      "profile-a.json",
      "profile-b.json",
      "--out",
      out,
    ]);
  });

  it("drift: the reference and the current data", async () => {
    const command = (out: string) => ["drift", "--reference", "data.csv", "--current", "current.csv", "--out", out];
    await assertRefusedForEverySpelling("current.csv", command);
    await assertRefusedForEverySpelling("data.csv", command);
  });

  it("evaluate: the data and the model", async () => {
    const command = (out: string) => [
      "evaluate",
      "--model",
      "model.onnx",
      "--data",
      "flights.csv",
      "--target",
      "delayed",
      "--features",
      "distance,hour,weekday",
      "--no-cost",
      "--out",
      out,
    ];
    await assertRefusedForEverySpelling("flights.csv", command);
    await assertRefusedForEverySpelling("model.onnx", command);
  });

  it("report: the evaluation, and --out against --save-pr", async () => {
    await assertRefusedForEverySpelling("evaluation.json", (out) => [
      "report",
      "--evaluation",
      "evaluation.json",
      "--out",
      out,
    ]);
    writeFileSync("report.md", "an earlier report\n");
    await assertRefusedForEverySpelling("report.md", (out) => [
      "report",
      "--evaluation",
      "evaluation.json",
      "--out",
      "report.md",
      "--save-pr",
      out,
    ]);
  });

  it("release --output: the evaluation and mlci.yml", async () => {
    await assertRefusedForEverySpelling("evaluation.json", (out) => [
      "release",
      "--model",
      "m",
      "--config",
      "train.yml",
      "--evaluation",
      "evaluation.json",
      "--dry-run",
      "--output",
      out,
    ]);
  });

  it("train --out: the model, the training data and mlci.yml", async () => {
    for (const target of ["model.onnx", "flights.csv", "train.yml"]) {
      await assertRefusedForEverySpelling(target, (out) => ["train", "--config", "train.yml", "--out", out]);
    }
  });

  it("a glob input covers the files it matches, also one the output would create", async () => {
    mkdirSync("batches");
    writeFileSync("batches/a.csv", "id,amount\n1,2.5\n");
    for (const out of ["batches/new.csv", "./batches/a.csv", "linked-dir/batches/b.csv", join(dir, "batches/c.csv")]) {
      const run = await mlci(["profile", "batches/*.csv", "--out", out]);
      assert.equal(run.code, 2, `${out}: ${run.stderr}`);
      assert.match(run.stderr, /is the input batches\/\*\.csv/);
    }
    assert.deepEqual(readFileSync("batches/a.csv", "utf8"), "id,amount\n1,2.5\n");
    assert.equal(existsSync("batches/new.csv"), false);
  });

  it("a file of the same name elsewhere is not an input: the guard compares files, not names", async () => {
    const run = await mlci(["validate", "data.csv", "--schema", "schema.yml", "--out", "sub/data.csv"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(readFileSync("sub/data.csv", "utf8")).schema, "mlci/validation@1");
  });
});

describe("files that are not regular files", () => {
  it("a FIFO as data, contract, evaluation or profile is refused up front (it would block forever)", async () => {
    const fifos = ["pipe.csv", "pipe.yml", "pipe.json"];
    for (const fifo of fifos) spawnSync("mkfifo", [fifo]);
    const runs = [
      ["validate", "pipe.csv", "--schema", "schema.yml"],
      ["validate", "data.csv", "--schema", "pipe.yml"],
      ["schema", "infer", "pipe.csv"],
      ["profile", "pipe.csv"],
      ["profile", "merge", "pipe.json"],
      ["drift", "--reference", "data.csv", "--current", "pipe.csv"],
      ["evaluate", "--model", "model.onnx", "--data", "pipe.csv", "--target", "delayed", "--out", "e.json"],
      ["report", "--evaluation", "pipe.json"],
      ["validate", "data.csv", "--schema", "schema.yml", "--config", "pipe.yml"],
    ];
    for (const args of runs) {
      const run = await unlessBlocked(mlci(args), fifos);
      assert.ok(run !== "blocked", `${args.join(" ")} blocked reading a FIFO`);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, /is a named pipe \(FIFO\), not a regular file/, args.join(" "));
    }
  });

  it("an output that is a FIFO, a device or a directory is refused", async () => {
    for (const out of ["pipe.json", "/dev/null", "sub"]) {
      const run = await mlci(["validate", "data.csv", "--schema", "schema.yml", "--out", out]);
      assert.equal(run.code, 2, `${out}: ${run.stderr}`);
      assert.match(
        run.stderr,
        /is (a named pipe \(FIFO\)|a device|a directory); mlci writes its results to regular files/,
      );
    }
  });
});
