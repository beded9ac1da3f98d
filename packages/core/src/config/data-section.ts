import * as z from "zod/mini";
import "../zod-messages.js";

/** `data:` in mlci.yml: named datasets, each a file, glob or URL, optionally with its contract. */
export const datasetConfig = z.strictObject({
  /** A file, a glob (`data/*.parquet`) or an http(s) URL. Relative paths are relative to mlci.yml. */
  path: z.string().check(z.minLength(1)),
  /** Path of the data contract (schema.yml) this dataset must satisfy. */
  contract: z.optional(z.string().check(z.minLength(1))),
});
export type DatasetConfig = z.infer<typeof datasetConfig>;

export const dataSection = z.record(z.string().check(z.minLength(1)), datasetConfig);
