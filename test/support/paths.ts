import { fileURLToPath } from "node:url";

/** The repository root, from test/dist/support/paths.js. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export function fromRoot(path: string): string {
  return `${repoRoot}${path}`;
}
