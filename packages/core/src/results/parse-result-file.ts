import type * as z from "zod/mini";
import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";

/** Problems listed per file: the first few say what is wrong; a foreign file can have thousands. */
const MAX_PROBLEMS = 5;

/**
 * Checks parsed JSON against a result file's zod schema. A file that does not fit comes back as input
 * problems naming the file and the field (`columns.x.type`), never as a crash deep inside a statistic.
 */
export function parseResultFile<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  file: string,
  what: string,
  fix: string,
): Result<z.infer<S>, Problem[]> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
      kind: "input" as const,
      message: `not a valid ${what}: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      location: { file },
      fix,
    })),
  );
}
