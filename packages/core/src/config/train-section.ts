import * as z from "zod/mini";
import "../zod-messages.js";

/**
 * `models.<name>.train:` in mlci.yml: how the model is trained, so that `mlci train` can run it and
 * record where the model came from.
 */
export const trainConfig = z.strictObject({
  /**
   * The team's own training command. A string runs through the shell (`sh -c`); a list is run as
   * argv without a shell. `mlci train -- COMMAND ARGS...` overrides it.
   */
  command: z.optional(
    z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))]),
  ),
  /** Hyperparameters recorded in lineage.json (and usually read by the training script itself). */
  params: z.optional(z.record(z.string(), z.unknown())),
  /** Files or globs the training reads; their content hashes are recorded in lineage.json. */
  data: z.optional(z.array(z.string().check(z.minLength(1)))),
});
export type TrainConfig = z.infer<typeof trainConfig>;
