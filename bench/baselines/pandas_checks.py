"""Baseline (b) of bench/validate.mjs: the checks of bench/flights.schema.yml in pandas.

Reads the CSV (Debian's pandas has no pyarrow, so no Parquet), parses the timestamp column as the
contract's type requires, and counts failing rows per check. Prints the counts as JSON.
Usage: /usr/bin/python3 bench/baselines/pandas_checks.py DATA.csv
"""
import json
import sys

import pandas as pd

data = pd.read_csv(sys.argv[1], parse_dates=["date"])
pattern = r"[A-Z]{3}"
counts = {
    "date_not_null": data["date"].isna().sum(),
    "date_min": (data["date"] < pd.Timestamp("2001-01-01")).sum(),
    "date_max": (data["date"] > pd.Timestamp("2001-07-01 23:59:59")).sum(),
    "delay_not_null": data["delay"].isna().sum(),
    "delay_min": (data["delay"] < -1440).sum(),
    "delay_max": (data["delay"] > 2000).sum(),
    "distance_not_null": data["distance"].isna().sum(),
    "distance_min": (data["distance"] < 1).sum(),
    "distance_max": (data["distance"] > 5000).sum(),
    "origin_regex": (~data["origin"].astype(str).str.fullmatch(pattern)).sum(),
    "destination_regex": (~data["destination"].astype(str).str.fullmatch(pattern)).sum(),
    "row_count": len(data),
    "duplicate_rows": data.duplicated().sum(),
    "origin_is_not_destination": (~(data["origin"] != data["destination"])).sum(),
}
print(json.dumps({name: int(value) for name, value in counts.items()}))
