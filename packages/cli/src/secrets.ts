/**
 * The tokens a run may hold, and the three rules mlci keeps about them: a token is masked in the
 * Actions log only by the command that sends it to GitHub, and on stderr (stdout carries results:
 * `mlci report > report.md` must never write a token into a file); every message mlci prints has
 * known tokens redacted; the training command's environment holds none of them.
 */
/** Environment variables that hold credentials (GitHub tokens, the Actions runtime's own). */
export const TOKEN_VARIABLES = [
  "GITHUB_TOKEN",
  "INPUT_TOKEN",
  "MLCI_GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
] as const;

/** The token values of `env`, plus any given explicitly (a --token flag). */
export function knownSecrets(env: NodeJS.ProcessEnv, extra: readonly (string | undefined)[] = []): string[] {
  const values = [...TOKEN_VARIABLES.map((name) => env[name]), ...extra];
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ""))];
}

/** The value of `--token X` or `--token=X` on a command line. */
export function tokenFlag(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === "--token") return argv[i + 1];
    if (arg.startsWith("--token=")) return arg.slice("--token=".length);
  }
  return undefined;
}

/**
 * Asks the Actions runner to hide `token` in the log, just before a command sends it to GitHub.
 * Written to stderr, which the runner reads for workflow commands as it reads stdout, so results on
 * stdout never carry it. Outside Actions nothing is written: the command would itself print the token.
 */
export function maskToken(
  token: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  if (!token || env.GITHUB_ACTIONS !== "true") return;
  // The escaping of @actions/core's command values: a line break cannot end the command early.
  const value = token.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  write(`::add-mask::${value}\n`);
}
