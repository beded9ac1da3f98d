/**
 * The environment the training command runs in: the caller's, without any GitHub token or Actions
 * runtime credential (a training script from a pull request must not be able to call the API, write
 * caches or artifacts), plus what the script may want to know about the run.
 */
import { knownSecrets, TOKEN_VARIABLES } from "../secrets.js";

/** Credentials the Actions runner gives JavaScript actions, and GitHub tokens: the team's command needs none. */
export const WITHHELD_VARIABLES = [
  ...TOKEN_VARIABLES,
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
] as const;

export interface TrainingRun {
  readonly name: string;
  readonly modelFile: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export function trainingEnvironment(env: NodeJS.ProcessEnv, run: TrainingRun): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of WITHHELD_VARIABLES) delete out[name];
  // A token copied into another variable (`MY_TOKEN: ${{ github.token }}`) is withheld as well.
  const secrets = new Set(knownSecrets(env));
  for (const [name, value] of Object.entries(out)) if (value !== undefined && secrets.has(value)) delete out[name];
  out.MLCI_MODEL_NAME = run.name;
  out.MLCI_MODEL_PATH = run.modelFile;
  out.MLCI_TRAIN_PARAMS = JSON.stringify(run.params);
  return out;
}
