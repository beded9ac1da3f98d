import { ProblemError, redactSecrets } from "@mlci/core";
import { Command, CommanderError } from "commander";
import { ExitCode } from "./exit-codes.js";
import { knownSecrets, tokenFlag } from "./secrets.js";
import type { ForgeOpener } from "./open-forge.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A command registers itself on the program and reports its exit code through `setExitCode`. */
export type CommandRegistrar = (program: Command, context: CommandContext) => void;

export interface CommandContext {
  readonly io: Io;
  /** How commands reach a forge (GitHub or local): open-forge.ts, or what a test hands to runCli. */
  readonly openForge: ForgeOpener;
  setExitCode(code: ExitCode): void;
}

// Loaded on first use: the forge brings Octokit, which most commands never need.
const openForgeOnDemand: ForgeOpener = async (flags, env, purpose) =>
  (await import("./open-forge.js")).openForge(flags, env, purpose);

const registrars: CommandRegistrar[] = [];

export function registerCommand(registrar: CommandRegistrar): void {
  registrars.push(registrar);
}

export function buildProgram(context: CommandContext): Command {
  const program = new Command()
    .name("mlci")
    .description(
      "Continuous integration and delivery for ML models: validate data, evaluate models, report, release, watch drift.",
    )
    .version("0.1.0")
    // Program options only before the command name, whichever command modules are loaded: so that
    // `mlci release --version 1.2.0` reaches the command (release.ts asks for the same).
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr })
    .exitOverride();
  for (const register of registrars) register(program, context);
  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit itself. */
export async function runCli(
  argv: readonly string[],
  given: Io = processIo,
  openForge: ForgeOpener = openForgeOnDemand,
): Promise<ExitCode> {
  const io = redactingIo(given, knownSecrets(process.env, [tokenFlag(argv)]));
  let exitCode: ExitCode = ExitCode.ok;
  const context: CommandContext = {
    io,
    openForge,
    setExitCode(code) {
      exitCode = code;
    },
  };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Wrappers of processIo: they too write to the terminal (progress bars ask). */
const processWrappers = new WeakSet<Io>();

/** Whether `io` writes to this process's own stdout and stderr (not to a test's capture). */
export function writesToProcess(io: Io): boolean {
  return io === processIo || processWrappers.has(io);
}

/** Every line a command prints passes here: a token an error or a library echoes is shown as ***. */
function redactingIo(io: Io, secrets: readonly string[]): Io {
  if (secrets.length === 0) return io;
  const wrapped: Io = {
    stdout: (text) => io.stdout(redactSecrets(text, secrets)),
    stderr: (text) => io.stderr(redactSecrets(text, secrets)),
  };
  if (writesToProcess(io)) processWrappers.add(wrapped);
  return wrapped;
}

function reportError(error: unknown, io: Io): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride with exit code 0.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof ProblemError) {
    io.stderr(`mlci: ${error.message}\n`);
    return ExitCode.usage;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`mlci: internal error (please report it): ${message}\n`);
  return ExitCode.usage;
}
