import { readFileSync } from "node:fs";
import { ProblemError } from "@mlci/core/problem.js";
import { redactSecrets } from "@mlci/core/redact.js";
import { Command, CommanderError, Help } from "commander";
import { COMMANDS, type CommandEntry, commandOf, PROGRAM_EXAMPLES } from "./command-table.js";
import { ExitCode } from "./exit-codes.js";
import { guardIo } from "./log-safety.js";
import type { ForgeOpener } from "./open-forge.js";
import { knownSecrets, tokenFlag } from "./secrets.js";

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
  /** Where the command prints: tokens redacted, control characters shown, on a runner no workflow command. */
  readonly io: Io;
  /**
   * Where a command the user configured (the training command) prints: tokens redacted, but its own
   * workflow commands (`::group::`, `::warning::`) still reach the runner, as they would without mlci.
   */
  readonly commandOutput: Io;
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

/**
 * The program with every command whose module is loaded, and for the others only the line help shows
 * (from the command table): a command's module is imported by `runCli` when argv names it.
 */
export function buildProgram(context: CommandContext): Command {
  const program = new Command()
    .name("mlci")
    .description(
      "Continuous integration and delivery for ML models: validate data, evaluate models, report, release, watch drift.",
    )
    .version(mlciVersion())
    // Program options only before the command name, whichever command modules are loaded: so that
    // `mlci release --version 1.2.0` reaches the command (release.ts asks for the same).
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr })
    .exitOverride()
    .addHelpText("after", PROGRAM_EXAMPLES);
  for (const register of registrars) register(program, context);
  const registered = new Set(program.commands.map((command) => command.name()));
  const unloaded = new Map<Command, CommandEntry>();
  for (const entry of COMMANDS) {
    // Listed in help and known to "did you mean"; never run (runCli loads the real one first).
    if (!registered.has(entry.name)) unloaded.set(program.command(entry.name), entry);
  }
  const groups = new Map(COMMANDS.map((entry) => [entry.name, entry.group]));
  for (const command of program.commands) {
    const group = groups.get(command.name());
    if (group) command.helpGroup(group);
  }
  program.commandsGroup("Help:").helpCommand(true);
  // Help lists the commands in the table's order, loaded or not, under the table's headings.
  const order = new Map(COMMANDS.map((entry, index) => [entry.name, index]));
  const rank = (command: Command) => order.get(command.name()) ?? order.size;
  const standard = new Help();
  program.configureHelp({
    visibleCommands: (command) => standard.visibleCommands(command).sort((a, b) => rank(a) - rank(b)),
    // Headings in the order of their first command in the sorted list (commander's: registration order).
    groupItems: (_unsorted, visible, getGroup) => standard.groupItems(visible, visible, getGroup),
    subcommandTerm: (command) => unloaded.get(command)?.term ?? standard.subcommandTerm(command),
    subcommandDescription: (command) => unloaded.get(command)?.summary ?? standard.subcommandDescription(command),
  });
  return program;
}

/** The version of the CLI: package.json's, the one source of it (in the dist bundle too). */
export function mlciVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** Runs the CLI and returns its exit code; never calls process.exit itself. */
export async function runCli(
  argv: readonly string[],
  given: Io = processIo,
  openForge: ForgeOpener = openForgeOnDemand,
): Promise<ExitCode> {
  const redacted = redactingIo(given, knownSecrets(process.env, [tokenFlag(argv)]));
  const io = guardedIo(redacted, process.env.GITHUB_ACTIONS === "true");
  let exitCode: ExitCode = ExitCode.ok;
  const context: CommandContext = {
    io,
    commandOutput: redacted,
    openForge,
    setExitCode(code) {
      exitCode = code;
    },
  };
  try {
    await commandOf(argv)?.load();
    const program = buildProgram(context);
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

/**
 * Nothing mlci prints (data, contract or artifact text) is a terminal control sequence or, on an
 * Actions runner, a workflow command.
 */
function guardedIo(io: Io, onRunner: boolean): Io {
  const wrapped = guardIo(io, { commands: onRunner });
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
