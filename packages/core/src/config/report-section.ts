import { z } from "zod";

/**
 * `report:` in mlci.yml: defaults for `mlci report` (flags win). Paths are relative to mlci.yml.
 */
export const reportSection = z.strictObject({
  /** Where `--post` goes: github, local, or auto (github inside GitHub Actions, local elsewhere). */
  forge: z.enum(["auto", "github", "local"]).default("auto"),
  /** Directory of the local forge. */
  forge_dir: z.string().min(1).default(".mlci/forge"),
  /**
   * The login whose comments are mlci's, when it cannot be asked: a GitHub App's bot
   * (`my-app[bot]`). Unset: GET /user, or github-actions[bot] for the workflow's GITHUB_TOKEN.
   */
  author: z.string().min(1).optional(),
  /** history.json (mlci/history@1) with released versions' metrics, for the chart. */
  history: z.string().min(1).optional(),
});
export type ReportSection = z.infer<typeof reportSection>;
