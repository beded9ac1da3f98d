import { z } from "zod";

/** The parts of profile.json (owned by `mlci drift`, schema mlci/profile@1) a model card shows. */
export const profileViewSchema = z.looseObject({
  schema: z.string().startsWith("mlci/profile@"),
  source: z.string().optional(),
  rows: z.number(),
  columns: z.record(z.string(), z.looseObject({ type: z.string(), missing: z.number().optional() })),
});
export type ProfileView = z.infer<typeof profileViewSchema>;
