/**
 * Benjamini-Hochberg adjusted p-values ("q-values" in the report): rejecting every test whose
 * adjusted p-value is at most q controls the false discovery rate at q (for independent or positively
 * dependent tests, which paired-bootstrap differences of correlated metrics on overlapping rows are).
 * Under the complete null (an A/A comparison) every discovery is false, so the chance of flagging
 * anything at all is then at most q too. Same values as statsmodels' multipletests(method="fdr_bh").
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = [...pValues.keys()].sort((a, b) => (pValues[b] as number) - (pValues[a] as number));
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  order.forEach((index, k) => {
    const rank = m - k; // 1-based rank in ascending order
    running = Math.min(running, ((pValues[index] as number) * m) / rank);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
