import { STAGES } from "@mlci/core/release/stage.js";
import { readStage } from "@mlci/forge/releases/model-registry.js";
import type { ReleaseForge } from "@mlci/forge/releases/release-forge.js";
import type { CardRegistryState } from "@mlci/report/model-card.js";

/** The stages a version is on and what production holds, as the registry says at this moment. */
export async function cardRegistryState(
  forge: ReleaseForge,
  name: string,
  version: string,
): Promise<CardRegistryState> {
  const stages: string[] = [];
  let production: string | undefined;
  for (const stage of STAGES) {
    const current = (await readStage(forge, name, stage)).current?.version;
    if (current === version) stages.push(stage);
    if (stage === "production") production = current;
  }
  return { stages, production };
}
