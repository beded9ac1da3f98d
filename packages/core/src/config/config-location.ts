/**
 * Where mlci.yml is looked for, in a module of its own: a command that finds no configuration file
 * then loads neither the YAML parser nor the configuration's schema (files.ts loads them on demand).
 */

/** The default location of the configuration, relative to the repository root. */
export const DEFAULT_CONFIG_FILE = "mlci.yml";
