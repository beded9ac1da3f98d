/**
 * The environment the training command runs in: the caller's, without the Actions runtime
 * credentials (a training script from a pull request must not be able to write caches or
 * artifacts), plus what the script may want to know about the run.
 */

/** Credentials the Actions runner gives JavaScript actions; the team's command never needs them. */
export const WITHHELD_VARIABLES = [
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
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
  out.MLCI_MODEL_NAME = run.name;
  out.MLCI_MODEL_PATH = run.modelFile;
  out.MLCI_TRAIN_PARAMS = JSON.stringify(run.params);
  return out;
}
