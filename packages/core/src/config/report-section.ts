import * as z from "zod/mini";
import "../zod-messages.js";

/**
 * `report:` in mlci.yml: defaults for `mlci report` (flags win). Paths are relative to mlci.yml.
 */
export const reportSection = z.strictObject({
  /** Where `--post` goes: github, local, or auto (github inside GitHub Actions, local elsewhere). */
  forge: z._default(z.enum(["auto", "github", "local"]), "auto"),
  /** Directory of the local forge. */
  forge_dir: z._default(z.string().check(z.minLength(1)), ".mlci/forge"),
  /**
   * The login whose comments are mlci's, when it cannot be asked: a GitHub App's bot
   * (`my-app[bot]`). Unset: GET /user, or github-actions[bot] for the workflow's GITHUB_TOKEN.
   */
  author: z.optional(z.string().check(z.minLength(1))),
  /** history.json (mlci/history@1) with released versions' metrics, for the chart. */
  history: z.optional(z.string().check(z.minLength(1))),
});
export type ReportSection = z.infer<typeof reportSection>;
