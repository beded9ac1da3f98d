import type { ExitCode } from "../exit-codes.js";
import type { Environment } from "./inputs.js";

/** What one action run hands back to the runner besides its log. */
export interface ActionOutcome {
  readonly outputs: Readonly<Record<string, string>>;
  /** Markdown appended to the job summary (GITHUB_STEP_SUMMARY). */
  readonly summary?: string;
  readonly exitCode: ExitCode;
}

/**
 * Turns action inputs into one `mlci <command>` run and its result files into outputs and a summary.
 * One adapter per command; the logic of the command itself stays in the command.
 */
export interface ActionAdapter {
  readonly command: string;
  /** The argv after `mlci`, built from the inputs. Throws ProblemError for a missing or bad input. */
  argv(environment: Environment): string[];
  /** Reads what the command wrote and decides the outputs, the summary and the step's exit code. */
  finish(commandExitCode: ExitCode, environment: Environment): Promise<ActionOutcome>;
}

/** The commands with an adapter of their own, each loaded only when its step runs. */
const ADAPTERS: Readonly<Record<string, () => Promise<ActionAdapter>>> = {
  drift: async () => (await import("./drift-adapter.js")).driftAdapter,
  evaluate: async () => (await import("./evaluate-adapter.js")).evaluateAdapter,
  release: async () => (await import("./release-adapter.js")).releaseAdapter,
  report: async () => (await import("./report-adapter.js")).reportAdapter,
  validate: async () => (await import("./validate-adapter.js")).validateAdapter,
};

export async function loadActionAdapter(command: string): Promise<ActionAdapter | undefined> {
  return Object.hasOwn(ADAPTERS, command) ? await ADAPTERS[command]?.() : undefined;
}
