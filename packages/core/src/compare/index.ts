export * from "./binary-pair-kernel.js";
export * from "./bootstrap.js";
export * from "./paired-rows.js";
export * from "./percentile.js";
export * from "./poisson-weights.js";
export * from "./prng.js";
export * from "./regression-pair-kernel.js";
export * from "./weighted-metrics.js";
