import { z } from "zod";

/** The parts of lineage.json (owned by `mlci train`, schema mlci/lineage@1) a release reads. */
export const lineageViewSchema = z.looseObject({
  schema: z.string().startsWith("mlci/lineage@"),
  model: z
    .looseObject({ name: z.string().optional(), path: z.string().optional(), sha256: z.string().optional() })
    .optional(),
  // `mlci train` writes null outside a git repository (or before the first commit).
  git: z.looseObject({ commit: z.string().nullable(), branch: z.string().nullable().optional() }).optional(),
  run: z
    .looseObject({
      id: z.union([z.string(), z.number()]).optional(),
      url: z.string().optional(),
      pr: z.number().optional(),
    })
    .optional(),
  command: z.array(z.string()).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  data: z.array(z.looseObject({ path: z.string(), sha256: z.string(), bytes: z.number().optional() })).optional(),
  duration_ms: z.number().optional(),
  started_at: z.string().optional(),
});
export type LineageView = z.infer<typeof lineageViewSchema>;
