"""Baseline of bench/validate.mjs: the 19 checks of bench/flights-january.schema.yml in pandas.

Reads the CSV (Debian's pandas has no pyarrow, so no Parquet), parses the timestamp column as the
contract's type requires, and counts the failing rows of every check, keyed as the benchmark keys
mlci's validation.json (column.check, the dataset check, or the custom check's name). Prints JSON.
Usage: /usr/bin/python3 bench/baselines/pandas_checks.py DATA.csv
"""
import json
import sys

import pandas as pd
from pandas.api import types

data = pd.read_csv(sys.argv[1], parse_dates=["date"])


def integer_failures(column):
    """Rows whose value is not an integer: none when pandas read the column as integers."""
    values = data[column]
    if types.is_integer_dtype(values):
        return 0
    numbers = pd.to_numeric(values, errors="coerce")
    return int((values.notna() & (numbers.isna() | (numbers % 1 != 0))).sum())


def timestamp_failures(column):
    values = data[column]
    if types.is_datetime64_any_dtype(values):
        return 0
    return int((values.notna() & pd.to_datetime(values, errors="coerce").isna()).sum())


counts = {
    "date.type": timestamp_failures("date"),
    "date.not_null": data["date"].isna().sum(),
    "date.min": (data["date"] < pd.Timestamp("2001-01-01 00:01:00")).sum(),
    "date.max": (data["date"] > pd.Timestamp("2001-01-31 23:57:00")).sum(),
    "delay.type": integer_failures("delay"),
    "delay.not_null": data["delay"].isna().sum(),
    "delay.min": (data["delay"] < -80).sum(),
    "delay.max": (data["delay"] > 1688).sum(),
    "distance.type": integer_failures("distance"),
    "distance.not_null": data["distance"].isna().sum(),
    "distance.min": (data["distance"] < 21).sum(),
    "distance.max": (data["distance"] > 4962).sum(),
    # Text columns: every non-null value is a string.
    "origin.type": 0,
    "origin.not_null": data["origin"].isna().sum(),
    "destination.type": 0,
    "destination.not_null": data["destination"].isna().sum(),
    "row_count": 0 if len(data) >= 1 else 1,
    "duplicate_rows": data.duplicated().sum(),
    "delay_within_a_day": (~(data["delay"] <= 1440)).sum(),
}
print(json.dumps({"rows": len(data), **{name: int(value) for name, value in counts.items()}}))
