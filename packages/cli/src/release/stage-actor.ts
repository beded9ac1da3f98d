import { git } from "@mlci/forge/releases/git.js";

/** Who changes a stage: the GitHub actor in Actions, else the git user. */
export async function actor(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.GITHUB_ACTOR) return env.GITHUB_ACTOR;
  const name = await git(dir, ["config", "user.name"]).then(
    (out) => out.trim(),
    () => "", // no user configured: the event simply has no author
  );
  return name || undefined;
}
