import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const moduleUrl = new URL("./onnxruntime-module.js", import.meta.url).href;
const model = fileURLToPath(new URL("../test-data/tree_binary.onnx", import.meta.url));

/** Everything under `dir`, as paths relative to it. */
const contents = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

/**
 * Opens a model through mlci's onnxruntime loader in a fresh process whose home and temp directory
 * are empty, and returns what onnxruntime left in them.
 */
function leftBehind(telemetrySetting: string | undefined) {
  const home = mkdtempSync(join(tmpdir(), "mlci-ort-home-"));
  const temp = mkdtempSync(join(tmpdir(), "mlci-ort-temp-"));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: temp };
    if (telemetrySetting !== undefined) env.ORT_DISABLE_TELEMETRY = telemetrySetting;
    const script = `const { onnxruntime } = await import(${JSON.stringify(moduleUrl)});
      const session = await onnxruntime().InferenceSession.create(${JSON.stringify(model)});
      await session.release();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return { home: contents(home), temp: contents(temp) };
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  }
}

test("opening a model leaves no telemetry state in the home or temp directory", () => {
  assert.deepEqual(leftBehind(undefined), { home: [], temp: [] });
  assert.deepEqual(leftBehind(""), { home: [], temp: [] }, "an empty setting counts as unset");
});

test("a user who sets ORT_DISABLE_TELEMETRY=0 keeps onnxruntime's telemetry, and this test sees it", () => {
  const kept = leftBehind("0");
  assert.ok(
    kept.home.some((path) => path.includes(join("Microsoft", "DeveloperTools"))),
    `onnxruntime's telemetry keeps its state under ~/.cache/Microsoft/DeveloperTools; found ${JSON.stringify(kept)}`,
  );
});
