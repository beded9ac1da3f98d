import { renderInferredContract } from "@mlci/core/contract/infer-contract.js";
import { ProblemError } from "@mlci/core/problem.js";
import { columnStats } from "@mlci/engine/column-stats.js";
import { openDataSource } from "@mlci/engine/data-source.js";
import { guardFiles } from "../file-guard.js";
import { fileExists, loadConfig, writeOutputFile } from "../files.js";
import { registerCommand } from "../program.js";
import { resolveDataTarget } from "./data-target.js";

interface InferOptions {
  out?: string;
  force?: boolean;
  config?: string;
}

registerCommand((program, ctx) => {
  const schema = program.command("schema").description("work with data contracts (schema.yml)");
  schema
    .command("infer")
    .description("draft a data contract from reference data, as commented YAML to review and edit")
    .argument("<data>", "a CSV/TSV/Parquet/JSON/NDJSON file, glob or URL, or a dataset name from mlci.yml")
    .option("-o, --out <file>", "write the contract to this file instead of stdout")
    .option("--force", "overwrite --out when it exists")
    .option("-c, --config <file>", "mlci.yml to read datasets from (default: ./mlci.yml when present)")
    .action(async (dataArg: string, options: InferOptions) => {
      const config = await loadConfig(options.config);
      const target = resolveDataTarget(dataArg, config);
      await guardFiles({ inputs: [target.data, config?.file], outputs: [{ flag: "--out", path: options.out }] });
      if (options.out && !options.force && (await fileExists(options.out))) {
        throw new ProblemError({
          kind: "usage",
          message: `${options.out} already exists; it was left unchanged`,
          location: { file: options.out },
          fix: "pass --force to replace it, or choose another --out",
        });
      }
      const opened = await openDataSource(target.data);
      if (!opened.ok) throw new ProblemError(opened.error);
      let yaml: string;
      try {
        const stats = await columnStats(opened.value);
        if (!stats.ok) throw new ProblemError(stats.error);
        yaml = renderInferredContract({ ...stats.value, source: target.data });
      } finally {
        opened.value.close();
      }
      if (options.out) {
        await writeOutputFile(options.out, yaml);
        ctx.io.stderr(`wrote ${options.out}: review the bounds and allowed values before relying on it\n`);
      } else {
        ctx.io.stdout(yaml);
      }
    });
});
