import type { ModelConfig } from "@mlci/core/config/models-section.js";
import { ProblemError } from "@mlci/core/problem.js";
import { type LoadedConfig, loadConfig } from "../files.js";

/** mlci.yml for commands that cannot work without one: --config, else ./mlci.yml. */
export async function loadRequiredConfig(path: string | undefined, cwd: string): Promise<LoadedConfig> {
  const loaded = await loadConfig(path, cwd);
  if (loaded) return loaded;
  throw new ProblemError({
    kind: "usage",
    message: "no mlci.yml in the current directory",
    fix: "run from the directory that holds mlci.yml, or pass --config PATH",
  });
}

/** The model a command is about: --name, or the only model in mlci.yml. */
export function selectModel(loaded: LoadedConfig, name: string | undefined): { name: string; model: ModelConfig } {
  const names = Object.keys(loaded.config.models);
  if (name !== undefined) {
    const model = loaded.config.models[name];
    if (!model) {
      throw new ProblemError({
        kind: "usage",
        message: `no model named "${name}" in ${loaded.file}`,
        fix: names.length > 0 ? `use one of: ${names.join(", ")}` : "add it under models: in mlci.yml",
      });
    }
    return { name, model };
  }
  if (names.length === 1) {
    const only = names[0] as string;
    return { name: only, model: loaded.config.models[only] as ModelConfig };
  }
  throw new ProblemError({
    kind: "usage",
    message: names.length === 0 ? `no models in ${loaded.file}` : `${loaded.file} has several models`,
    fix: names.length === 0 ? "add the model under models: in mlci.yml" : `pass --name, one of: ${names.join(", ")}`,
  });
}
