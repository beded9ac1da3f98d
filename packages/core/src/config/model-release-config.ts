import { z } from "zod";

/**
 * The release settings of one model (`models.<name>.card` and `models.<name>.tag_format` in mlci.yml):
 * the words of the model card a person must write, and how its version tags are named.
 */
export const modelCardConfig = z.strictObject({
  /** What the model is for and who should use it; shown first on the model card. */
  intended_use: z.string().min(1).optional(),
  /** Where the model must not be trusted: populations, ranges, known failure modes. */
  limitations: z.string().min(1).optional(),
});
export type ModelCardConfig = z.infer<typeof modelCardConfig>;

export const modelReleaseFields = {
  card: modelCardConfig.optional(),
  /** Git tag of a version; `{name}` and `{version}` are replaced. Default `{name}@v{version}`. */
  tag_format: z.string().min(1).optional(),
};
