import { type ForgeOpener, forgeKind, openForge } from "@mlci/cli";
import type { Forge } from "@mlci/forge";

/**
 * A forge opener for runCli: where the CLI would open GitHub it gets `github` (a GitHubForge on the
 * REST double, with short retry waits); the local forge is opened as the CLI opens it.
 */
export function openerWith(github: Forge): ForgeOpener {
  return async (flags, env, purpose) => (forgeKind(flags, env) === "github" ? github : openForge(flags, env, purpose));
}
