// A reporter for `node --test` (used by scripts/run-tests.mjs next to the usual one): one JSON line
// per finished test file, {"file": path, "ms": wall milliseconds}. Node reports each file as a test
// of its own, at nesting 0, named by its path.
export default async function* durations(source) {
  for await (const event of source) {
    if (event.type !== "test:complete" && event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { name, nesting, file, details } = event.data;
    if (nesting === 0 && file !== undefined && name === file && details?.duration_ms !== undefined) {
      yield `${JSON.stringify({ file, ms: details.duration_ms })}\n`;
    }
  }
}
