// GitHub's @actions/workflow-parser imports its schema files as `import x from "./schema.json"` (written
// for bundlers). Node 20 refuses JSON imports without `with { type: "json" }`; this hook adds the
// attribute for .json files so the package runs unbundled.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json")) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}
