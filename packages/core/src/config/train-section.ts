import { z } from "zod";

/**
 * `models.<name>.train:` in mlci.yml: how the model is trained, so that `mlci train` can run it and
 * record where the model came from.
 */
export const trainConfig = z.strictObject({
  /**
   * The team's own training command. A string runs through the shell (`sh -c`); a list is run as
   * argv without a shell. `mlci train -- COMMAND ARGS...` overrides it.
   */
  command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Hyperparameters recorded in lineage.json (and usually read by the training script itself). */
  params: z.record(z.string(), z.unknown()).optional(),
  /** Files or globs the training reads; their content hashes are recorded in lineage.json. */
  data: z.array(z.string().min(1)).optional(),
});
export type TrainConfig = z.infer<typeof trainConfig>;
