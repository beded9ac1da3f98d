import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatBytes,
  formatCount,
  formatFixed,
  formatInterval,
  formatLimit,
  formatLimitPercent,
  formatMetric,
  formatMetricDelta,
  formatMs,
  formatPercent,
  formatStatistic,
  formatValue,
  MINUS,
  metricDecimals,
} from "./numbers.js";

const EXPONENT = /\de[+-]?\d/i;

describe("number formatting", () => {
  it("never writes scientific notation, whatever the magnitude", () => {
    for (const value of [6.729e-5, 2.033e-4, 1e-12, -3e-9, 1.5e7, 4.2e21, 123456789.123]) {
      for (const text of [
        formatFixed(value, 4),
        formatMetric(value, "mae"),
        formatMetricDelta(value, "roc_auc"),
        formatStatistic(value),
        formatValue(value),
        formatLimit(value),
        formatMs(value),
        formatBytes(value),
        formatPercent(value),
      ]) {
        assert.doesNotMatch(text, EXPONENT, `${value} → ${text}`);
      }
    }
  });

  it("uses one minus sign (U+2212) and no sign on values that round to zero", () => {
    assert.equal(formatFixed(-0.0043, 4), `${MINUS}0.0043`);
    assert.equal(formatMetricDelta(-0.0107, "roc_auc"), `${MINUS}0.0107`);
    assert.equal(formatMetricDelta(0.0091, "log_loss"), "+0.0091");
    assert.equal(formatMetricDelta(-0.00001, "accuracy"), "0.0000");
    assert.equal(formatMetricDelta(0.00001, "accuracy"), "0.0000");
    assert.equal(formatMetricDelta(6.729e-5, "accuracy"), "+0.0001");
    assert.doesNotMatch(formatInterval(-0.0091, 0.0004, 4), /-/);
    assert.equal(formatInterval(-0.0091, 0.0004, 4), `[${MINUS}0.0091, +0.0004]`);
  });

  it("keeps fixed decimals per metric: 4 on bounded metrics, 4 significant digits on the target's scale", () => {
    assert.equal(formatMetric(0.9, "roc_auc"), "0.9000");
    assert.equal(formatMetric(0.87123456, "accuracy"), "0.8712");
    assert.equal(metricDecimals("mae", [12345.6, 9000]), 0);
    assert.equal(formatMetric(12345.6, "mae", metricDecimals("mae", [12345.6])), "12,346");
    assert.equal(metricDecimals("rmse", [3.2101, 2.9]), 3);
    assert.equal(metricDecimals("log_loss", [0.2921]), 4);
  });

  it("groups thousands and writes units", () => {
    assert.equal(formatCount(44215), "44,215");
    assert.equal(formatCount(1234567.4), "1,234,567");
    assert.equal(formatBytes(812), "812 B");
    assert.equal(formatBytes(1.8 * 1024 * 1024), "1.8 MiB");
    assert.equal(formatMs(0.4213), "0.42 ms");
    assert.equal(formatMs(12.44), "12.4 ms");
    assert.equal(formatMs(1207.2), "1,207 ms");
    assert.equal(formatPercent(0.3788), "37.9%");
    assert.equal(formatPercent(12.07, { signed: true }), "+1,207%");
    assert.equal(formatPercent(-0.2432, { signed: true }), `${MINUS}24.3%`);
  });

  it("writes limits as configured: relative ones as percentages", () => {
    assert.equal(formatLimitPercent(0.02), "2%");
    assert.equal(formatLimitPercent(0.005), "0.5%");
    assert.equal(formatLimit(0.005), "0.005");
    assert.equal(formatLimit(2), "2");
    assert.equal(formatLimit(0.1 + 0.2), "0.3");
  });

  it("writes tiny statistics as a bound, not as digits of noise", () => {
    assert.equal(formatStatistic(1e-12), "< 0.0001");
    assert.equal(formatStatistic(0), "0.0000");
    assert.equal(formatStatistic(0.7966), "0.7966");
    assert.equal(formatValue(1234.5678), "1,235");
    assert.equal(formatValue(2.71838), "2.718");
    assert.equal(formatValue(-0.00001234), `${MINUS}0.000012`);
    assert.equal(formatFixed(null, 2), "n/a");
    assert.equal(formatFixed(Number.NaN, 2), "n/a");
  });
});

describe("grouped digits without Intl", () => {
  it("writes what Intl.NumberFormat en-US writes, halves and huge magnitudes included", () => {
    // Deterministic pseudo-random values (xorshift), plus values whose shortest decimal ends in 5 at the
    // rounding position (ICU rounds those up where toFixed may round down) and extremes.
    let state = 0x2545f491;
    const random = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const values = [
      0, -0, 5e-324, 1e-7, 0.5, 1.5, 2.5, 0.05, 0.95, 9.95, 99.5, 999.5, 1e21, 4.2e21, 1.7976931348623157e308,
    ];
    for (let i = 0; i < 6000; i++) {
      values.push(random() * 10 ** Math.floor(random() * 30 - 10));
      values.push(Math.floor(random() * 1e6) / 10 ** Math.floor(random() * 8));
      values.push((Math.floor(random() * 1e5) + 0.5) / 10 ** Math.floor(random() * 6));
    }
    for (const decimals of [0, 1, 2, 3, 4, 6, 20]) {
      const intl = new Intl.NumberFormat("en-US", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
        useGrouping: true,
      });
      for (const value of values) {
        assert.equal(formatFixed(Math.abs(value), decimals), intl.format(Math.abs(value)), `${value} with ${decimals}`);
      }
    }
  });

  it("never constructs an Intl.NumberFormat (its first use loads ICU's data at start-up)", () => {
    const original = Intl.NumberFormat;
    Intl.NumberFormat = (() => {
      throw new Error("Intl.NumberFormat used");
    }) as unknown as typeof Intl.NumberFormat;
    try {
      assert.equal(formatFixed(1234567.891, 17), "1,234,567.89100000000000000");
      assert.equal(formatCount(2491761), "2,491,761");
    } finally {
      Intl.NumberFormat = original;
    }
  });
});
