import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type CliRun, runCliCaptured } from "./support/in-process-cli.js";
import { scratchDir } from "./support/scratch.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "packages/cli/bin/mlci.js");
const tinyModel = join(root, "test/fixtures/train/tiny.onnx");
const lineageSchema = JSON.parse(readFileSync(join(root, "schemas/lineage.schema.json"), "utf8"));

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateLineage = ajv.compile(lineageSchema);

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** A project directory with mlci.yml, two data files and a training script. */
function project(trainScript: string, extra = ""): string {
  const dir = scratchDir("mlci-train-");
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data/train.csv"), "x,y\n1,2\n3,6\n");
  writeFileSync(join(dir, "data/test.csv"), "x,y\n5,10\n");
  writeFileSync(join(dir, "data/notes.txt"), "not data");
  writeFileSync(join(dir, "train.mjs"), trainScript);
  writeFileSync(
    join(dir, "mlci.yml"),
    [
      "models:",
      "  doubler:",
      "    path: out/model.onnx",
      "    train:",
      "      command: node train.mjs",
      "      params: { epochs: 3, lr: 0.1 }",
      "      data: ['data/*.csv']",
      extra,
    ].join("\n"),
  );
  return dir;
}

/** Copies the fixture model to out/model.onnx after allocating (and touching) `mb` megabytes, and holds them. */
const writesModel = (mb: number) => `
import { copyFileSync, mkdirSync } from "node:fs";
const ballast = Buffer.alloc(${mb} * 1024 * 1024, 1);
console.log("training on", ballast.length, "bytes");
console.error("token:", process.env.ACTIONS_RUNTIME_TOKEN ?? "absent", "params:", process.env.MLCI_TRAIN_PARAMS);
mkdirSync("out", { recursive: true });
copyFileSync(${JSON.stringify(tinyModel)}, "out/model.onnx");
// Hold the memory for a few sampling intervals: a peak shorter than one interval may be missed.
await new Promise((resolve) => setTimeout(resolve, 300));
ballast[0] = 2;
`;

/**
 * `mlci ARGS` in `cwd`, in this process (the training command still runs in a process of its own,
 * which is what these tests watch); the signal test runs the binary.
 */
function mlci(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCliCaptured(args, undefined, { cwd, env: { GITHUB_SHA: "", GITHUB_RUN_ID: "", ...env } });
}

describe("mlci train", () => {
  it("runs the command, checks the model and writes a lineage that fits its schema", async () => {
    const dir = project(writesModel(120));
    const run = await mlci(dir, ["train", "--out", "lineage.json"], { ACTIONS_RUNTIME_TOKEN: "secret-token" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /training on 125829120 bytes/, "the command's stdout is streamed through");
    assert.match(run.stderr, /token: absent/, "the Actions runtime token is withheld from the command");
    assert.match(run.stderr, /params: \{"epochs":3,"lr":0.1\}/);

    const lineage = JSON.parse(readFileSync(join(dir, "lineage.json"), "utf8"));
    assert.equal(validateLineage(lineage), true, JSON.stringify(validateLineage.errors));
    assert.equal(lineage.model.name, "doubler");
    assert.equal(lineage.model.sha256, sha256(tinyModel));
    assert.equal(lineage.model.size_bytes, readFileSync(tinyModel).length);
    assert.deepEqual(lineage.command, ["sh", "-c", "node train.mjs"]);
    assert.deepEqual(lineage.params, { epochs: 3, lr: 0.1 });
    assert.deepEqual(lineage.data, [
      { path: "data/test.csv", sha256: sha256(join(dir, "data/test.csv")), bytes: 9 },
      { path: "data/train.csv", sha256: sha256(join(dir, "data/train.csv")), bytes: 12 },
    ]);
    assert.equal(lineage.exit_code, 0);
    assert.equal(lineage.git.commit, null, "a temporary directory is not a git repository");
    if (process.platform === "linux") {
      assert.ok(lineage.peak_memory_bytes > 120 * 1024 * 1024, `peak ${lineage.peak_memory_bytes}`);
      assert.ok(lineage.peak_memory_bytes < 1024 * 1024 * 1024, `peak ${lineage.peak_memory_bytes}`);
    }
  });

  it("reports the same peak memory as GNU time's maxrss, when /usr/bin/time is there", async (t) => {
    if (process.platform !== "linux" || !existsSync("/usr/bin/time")) return t.skip("needs Linux and GNU time");
    const dir = project(writesModel(200));
    // GNU time runs the training script and prints the child's ru_maxrss (kB) on stderr.
    const run = await mlci(dir, ["train", "--", "/usr/bin/time", "-f", "maxrss=%M", "node", "train.mjs"]);
    assert.equal(run.code, 0, run.stderr);
    const maxrss = Number(run.stderr.match(/maxrss=(\d+)/)?.[1]) * 1024;
    const lineage = JSON.parse(readFileSync(join(dir, "lineage.json"), "utf8"));
    const ratio = lineage.peak_memory_bytes / maxrss;
    assert.ok(ratio > 0.95 && ratio < 1.05, `mlci ${lineage.peak_memory_bytes} vs GNU time ${maxrss}`);
  });

  it("reuses cached fingerprints and rehashes a file whose content changed", async () => {
    const dir = project(writesModel(1));
    assert.equal((await mlci(dir, ["train"])).code, 0);
    const second = await mlci(dir, ["train"]);
    assert.match(second.stdout, /2 file\(s\), 21 B \(0 hashed, 2 from cache\)/);
    writeFileSync(join(dir, "data/test.csv"), "x,y\n7,14\n");
    const third = await mlci(dir, ["train"]);
    assert.match(third.stdout, /\(1 hashed, 1 from cache\)/);
    const lineage = JSON.parse(readFileSync(join(dir, "lineage.json"), "utf8"));
    assert.equal(lineage.data[0].sha256, sha256(join(dir, "data/test.csv")));
  });

  it("takes the command after -- and records it as argv", async () => {
    const dir = project("process.exit(9)");
    writeFileSync(join(dir, "other.mjs"), writesModel(1));
    const run = await mlci(dir, ["train", "--name", "doubler", "--", "node", "other.mjs", "--flag"]);
    assert.equal(run.code, 0, run.stderr);
    const lineage = JSON.parse(readFileSync(join(dir, "lineage.json"), "utf8"));
    assert.deepEqual(lineage.command, ["node", "other.mjs", "--flag"]);
  });

  it("runs in mlci.yml's directory and writes lineage.json beside it by default", async () => {
    const dir = project(writesModel(1));
    const run = await mlci(join(dir, ".."), ["train", "--config", join(dir, "mlci.yml")]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(dir, "out/model.onnx")), "the command ran in the config directory");
    assert.ok(existsSync(join(dir, "lineage.json")));
  });

  it("exits 1 and shows the exit code when the training command fails; no lineage", async () => {
    const dir = project("console.error('diverged'); process.exit(3)");
    const run = await mlci(dir, ["train"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /diverged/);
    assert.match(run.stderr, /training command failed \(exit 3,/);
    assert.equal(existsSync(join(dir, "lineage.json")), false);
  });

  it("passes SIGTERM on to the whole training process tree and reports it as exit 143", async () => {
    // A shell that stays the parent (two commands), with a node grandchild that would outlive it.
    const dir = project("console.log('started'); setTimeout(() => {}, 60_000);");
    writeFileSync(
      join(dir, "mlci.yml"),
      "models:\n  doubler:\n    path: out/model.onnx\n    train:\n      command: 'true && node train.mjs; echo after'\n",
    );
    const child = spawn(process.execPath, [bin, "train"], { cwd: dir, env: { ...process.env, GITHUB_SHA: "" } });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.includes("started")) resolve();
      }),
    );
    child.kill("SIGTERM");
    const started = Date.now();
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 20_000, "the grandchild was stopped too, not left to run for 60 s");
    assert.match(stderr, /training command failed \(exit 143,/);
  });

  it("exits 2 when the model file is missing", async () => {
    const dir = project("console.log('forgot to save')");
    const run = await mlci(dir, ["train"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /model file out\/model.onnx does not exist after training/);
  });

  it("exits 2 when the model file is left over from an earlier run, not written by this one", async () => {
    const dir = project(writesModel(1));
    assert.equal((await mlci(dir, ["train"])).code, 0);
    writeFileSync(join(dir, "train.mjs"), "console.log('forgot to save, an old model is still there')");
    const run = await mlci(dir, ["train"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /out\/model.onnx was not written by this training run/);
  });

  it("exits 2 when the model file is not a loadable ONNX model", async () => {
    const dir = project(
      "import { mkdirSync, writeFileSync } from 'node:fs'; mkdirSync('out'); writeFileSync('out/model.onnx', 'pickle, not onnx');",
    );
    const run = await mlci(dir, ["train"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /out\/model.onnx is not a loadable ONNX model/);
  });

  it("exits 2 when a declared data glob matches nothing", async () => {
    const dir = project(writesModel(1));
    writeFileSync(
      join(dir, "mlci.yml"),
      "models:\n  doubler:\n    path: out/model.onnx\n    train:\n      data: ['data/*.parquet']\n",
    );
    const run = await mlci(dir, ["train", "--", "node", "train.mjs"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /train.data: no file matches data\/\*.parquet/);
  });

  it("exits 2 without a command, and for an unknown model name", async () => {
    const dir = project(writesModel(1));
    writeFileSync(join(dir, "mlci.yml"), "models:\n  doubler:\n    path: out/model.onnx\n");
    assert.match((await mlci(dir, ["train"])).stderr, /no training command for model "doubler"/);
    const unknown = await mlci(dir, ["train", "--name", "tripler", "--", "true"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no model named "tripler".*\n.*use one of: doubler/);
  });

  it("records the Actions run and pull request from the environment", async () => {
    const dir = project(writesModel(1));
    const run = await mlci(dir, ["train"], {
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      GITHUB_HEAD_REF: "feature/better-model",
      GITHUB_RUN_ID: "77",
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_REPOSITORY: "acme/flights",
      GITHUB_REF: "refs/pull/12/merge",
    });
    assert.equal(run.code, 0, run.stderr);
    const lineage = JSON.parse(readFileSync(join(dir, "lineage.json"), "utf8"));
    assert.equal(validateLineage(lineage), true, JSON.stringify(validateLineage.errors));
    assert.deepEqual(lineage.git, {
      commit: "0123456789abcdef0123456789abcdef01234567",
      branch: "feature/better-model",
    });
    assert.deepEqual(lineage.run, { id: "77", url: "https://github.example/acme/flights/actions/runs/77", pr: 12 });
  });
});
