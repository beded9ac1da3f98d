// `node --import ./test/support/trace-imports.mjs ...` appends the URL of every module the program
// loads (ESM imports through a resolve hook, CommonJS requires through Module._resolveFilename) to the
// file named by MLCI_TRACE_IMPORTS, one per line: how the start-up tests see what a command loads.
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";
import { pathToFileURL } from "node:url";

const file = process.env.MLCI_TRACE_IMPORTS;

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, result.url + "\\n");
  return result;
}`)}`,
  { data: { file } },
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function traced(...args) {
  const path = resolveFilename.apply(this, args);
  appendFileSync(file, `${path.startsWith("/") ? pathToFileURL(path).href : path}\n`);
  return path;
};
