#!/usr/bin/env node
// `npm run demo`: the whole mlci loop on real flights data, on this machine, with no network.
// The demo is a sequence of steps, one module each under examples/demo/steps/, run in file-name order
// (10-, 20-, ...): a capability adds its step as a new file, no list to edit. Each step exports
// `title` and `run(demo)`; `demo` (examples/demo/context.mjs) runs the CLI as a user would, checks exit
// codes and carries values between steps. Every file the demo writes goes under .mlci-out/demo/.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDemoContext } from "./demo/context.mjs";

const stepsDirectory = join(dirname(fileURLToPath(import.meta.url)), "demo", "steps");
const files = readdirSync(stepsDirectory)
  .filter((name) => name.endsWith(".mjs"))
  .sort();

const demo = await createDemoContext();
const started = performance.now();
try {
  for (const [index, file] of files.entries()) {
    const step = await import(pathToFileURL(join(stepsDirectory, file)).href);
    demo.heading(`${index + 1}. ${step.title}`);
    await step.run(demo);
  }
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await demo.close();
}
if (process.exitCode !== 1) {
  console.log(
    `\nDemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s; files in ${demo.outRelative}/`,
  );
}
