import * as z from "zod/mini";
import "../zod-messages.js";

/**
 * The release settings of one model (`models.<name>.card` and `models.<name>.tag_format` in mlci.yml):
 * the words of the model card a person must write, and how its version tags are named.
 */
export const modelCardConfig = z.strictObject({
  /** What the model is for and who should use it; shown first on the model card. */
  intended_use: z.optional(z.string().check(z.minLength(1))),
  /** Where the model must not be trusted: populations, ranges, known failure modes. */
  limitations: z.optional(z.string().check(z.minLength(1))),
});
export type ModelCardConfig = z.infer<typeof modelCardConfig>;

export const modelReleaseFields = {
  card: z.optional(modelCardConfig),
  /** Git tag of a version; `{name}` and `{version}` are replaced. Default `{name}@v{version}`. */
  tag_format: z.optional(z.string().check(z.minLength(1))),
};
