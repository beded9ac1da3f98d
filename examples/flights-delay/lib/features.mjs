// How a flight becomes the model's feature vector. One spec, used by the trainer (in JavaScript)
// and by the ONNX graph (lib/onnx-export.mjs), so the exported model computes exactly what was fit:
//   [ standardized distance | one-hot hour (24) | one-hot day of week (7) | one-hot origin (top K) ]
// An origin outside the top K (or an hour/day out of range) gets all zeros in its block, the
// behaviour of ONNX's OneHotEncoder with zeros=1 and of scikit-learn's handle_unknown="ignore".

export const HOURS = Array.from({ length: 24 }, (_, h) => h);
export const DAYS = Array.from({ length: 7 }, (_, d) => d);

/** Learns the encoding from training rows: distance mean/std and the `topOrigins` busiest origins. */
export function fitFeatureSpec(rows, topOrigins) {
  const n = rows.distance.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rows.distance[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (rows.distance[i] - mean) ** 2;
  const std = Math.sqrt(squares / n) || 1;
  const counts = new Map();
  for (const origin of rows.origin) counts.set(origin, (counts.get(origin) ?? 0) + 1);
  const origins = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topOrigins)
    .map(([origin]) => origin);
  return { distanceMean: mean, distanceStd: std, hours: HOURS, days: DAYS, origins };
}

export function featureCount(spec) {
  return 1 + spec.hours.length + spec.days.length + spec.origins.length;
}

export function featureNames(spec) {
  return [
    "distance_z",
    ...spec.hours.map((h) => `hour=${h}`),
    ...spec.days.map((d) => `day_of_week=${d}`),
    ...spec.origins.map((o) => `origin=${o}`),
  ];
}

/**
 * Encodes rows sparsely: per row one dense value (standardized distance) and up to three indices
 * of one-hot features that are 1. Logistic regression on this costs O(rows) per pass.
 */
export function encodeRows(spec, rows) {
  const n = rows.distance.length;
  const dense = new Float64Array(n);
  const active = new Int32Array(n * 3).fill(-1);
  const hourBase = 1;
  const dayBase = hourBase + spec.hours.length;
  const originBase = dayBase + spec.days.length;
  const originIndex = new Map(spec.origins.map((o, i) => [o, originBase + i]));
  for (let i = 0; i < n; i++) {
    dense[i] = (rows.distance[i] - spec.distanceMean) / spec.distanceStd;
    const hour = rows.hour[i];
    const day = rows.day_of_week[i];
    if (hour >= 0 && hour < spec.hours.length) active[i * 3] = hourBase + hour;
    if (day >= 0 && day < spec.days.length) active[i * 3 + 1] = dayBase + day;
    active[i * 3 + 2] = originIndex.get(rows.origin[i]) ?? -1;
  }
  return { n, dense, active };
}
