// The mutations of scripts/mutate.mjs: one plausible bug each, at a place where it would change a
// verdict a user acts on. `from` must occur exactly once in `file` and in its compiled JavaScript;
// `tests` are substrings of the compiled test files that should notice.
const gates = "packages/core/src/gates/evaluate-gates.ts";
const driftRule = "packages/core/src/drift/drift-rule.ts";
const featureDrift = "packages/core/src/drift/feature-drift.ts";
const datasetDrift = "packages/core/src/drift/dataset-drift.ts";
const bootstrap = "packages/core/src/compare/bootstrap.ts";
const coreGates = ["core/dist/gates/"];
const coreDrift = ["core/dist/drift/"];

export const mutations = [
  {
    id: "gates/min-exclusive",
    file: gates,
    from: 'kind === "min" ? value >= threshold',
    to: 'kind === "min" ? value > threshold',
    why: "a min gate compared with > instead of >=",
    tests: coreGates,
  },
  {
    id: "gates/max-exclusive",
    file: gates,
    from: ": value <= threshold;",
    to: ": value < threshold;",
    why: "a max gate compared with < instead of <=",
    tests: coreGates,
  },
  {
    id: "gates/max-drop-exclusive",
    file: gates,
    from: "if (observed <= threshold)",
    to: "if (observed < threshold)",
    why: "a drop equal to max_drop fails",
    tests: coreGates,
  },
  {
    id: "gates/significance-ignores-direction",
    file: gates,
    from: "if (delta && !delta.significant)",
    to: "if (delta && !((delta.ci_high ?? 0) < 0))",
    why: "only_if_significant judged by ci_high < 0 whatever the metric's direction",
    tests: coreGates,
  },
  {
    id: "gates/latency-exclusive",
    file: gates,
    from: "p95 <= max",
    to: "p95 < max",
    why: "a latency equal to its limit fails",
    tests: coreGates,
  },
  {
    id: "gates/size-exclusive",
    file: gates,
    from: "mb <= max",
    to: "mb < max",
    why: "a size equal to its limit fails",
    tests: coreGates,
  },
  {
    id: "drift/jensen-shannon-doubled",
    file: driftRule,
    from: "DEFAULT_JENSEN_SHANNON = 0.1",
    to: "DEFAULT_JENSEN_SHANNON = 0.2",
    why: "the Jensen-Shannon default threshold doubled",
    tests: coreDrift,
  },
  {
    id: "drift/wasserstein-doubled",
    file: driftRule,
    from: "DEFAULT_WASSERSTEIN = 0.1",
    to: "DEFAULT_WASSERSTEIN = 0.2",
    why: "the Wasserstein default threshold doubled",
    tests: coreDrift,
  },
  {
    id: "drift/psi-doubled",
    file: driftRule,
    from: "DEFAULT_PSI = 0.1",
    to: "DEFAULT_PSI = 0.2",
    why: "the PSI default threshold doubled",
    tests: coreDrift,
  },
  {
    id: "drift/p-value-halved",
    file: driftRule,
    from: "DEFAULT_P_VALUE = 0.05",
    to: "DEFAULT_P_VALUE = 0.025",
    why: "the significance level of the tests halved",
    tests: coreDrift,
  },
  {
    id: "drift/test-boundary",
    file: driftRule,
    from: "score < threshold :",
    to: "score <= threshold :",
    why: "a p-value equal to the level counted as drift",
    tests: coreDrift,
  },
  {
    id: "drift/distance-boundary",
    file: driftRule,
    from: ": score >= threshold;",
    to: ": score > threshold;",
    why: "a distance equal to its threshold not counted as drift",
    tests: coreDrift,
  },
  {
    id: "drift/small-sample-switch",
    file: driftRule,
    from: "n <= sampleSize",
    to: "n < sampleSize",
    why: "the small-sample switch n <= sampleSize made <",
    tests: coreDrift,
  },
  {
    id: "drift/missing-share-boundary",
    file: featureDrift,
    from: "Math.abs(delta) >= threshold",
    to: "Math.abs(delta) > threshold",
    why: "a change of the missing share equal to its limit not counted",
    tests: coreDrift,
  },
  {
    id: "drift/missing-share-one-sided",
    file: featureDrift,
    from: "Math.abs(delta) >= threshold",
    to: "delta >= threshold",
    why: "only a rise of the missing share counted",
    tests: coreDrift,
  },
  {
    id: "drift/share-boundary",
    file: datasetDrift,
    from: "share >= rule.share",
    to: "share > rule.share",
    why: "exactly the share threshold of drifted features not dataset drift",
    tests: coreDrift,
  },
  {
    id: "compare/significance-one-sided",
    file: bootstrap,
    from: "(interval.low > 0 || interval.high < 0)",
    to: "interval.high < 0",
    why: "an interval above 0 not significant",
    tests: ["core/dist/compare/", "core/dist/gates/", "golden-bootstrap"],
  },
  {
    id: "compare/verdict-direction",
    file: bootstrap,
    from: 'delta > 0 === (direction === "higher")',
    to: "delta > 0",
    why: "a rise of a lower-is-better metric called better",
    tests: ["core/dist/compare/", "core/dist/evaluation/", "golden-bootstrap"],
  },
];
