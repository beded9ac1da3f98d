import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";

/**
 * Step outputs for the release action (`version`, `tag`, `url`, `action`), written to GITHUB_OUTPUT
 * with a random delimiter as @actions/core does, so a value cannot end the block early.
 */
export async function writeReleaseOutput(
  values: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  let text = "";
  for (const [key, value] of Object.entries(values)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${key}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  await appendFile(file, text);
}
