#!/usr/bin/env python3
"""Derives data/nasa/nasa-ksc-aug1995-per-minute.csv from the NASA Kennedy Space Center per-second
request counts in ../shared/data (README §4.1): the August 1995 part, summed to minutes.

The per-second file is the July log followed directly by the August log. The August part starts at
index 2 381 545 (1995-08-01 00:00:00 EDT); the check is that the known outage (Hurricane Erin,
1 Aug 14:52 to 3 Aug 04:36 EDT) starts exactly at minute 892 (14:52) of the August part, which this
script asserts. The outage is kept as what it was: minutes with zero requests.

Usage: scripts/derive-nasa-minutes.py [PATH/TO/workload.tbz2] > data/nasa/nasa-ksc-aug1995-per-minute.csv
"""
import sys
import tarfile

AUGUST_START = 2_381_545  # index of 1995-08-01 00:00:00 EDT in workload.txt
DAYS = 31
OUTAGE_MINUTE = 892  # 14:52 on 1 August

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/nasa-http-1995-per-second/workload.tbz2"
with tarfile.open(path, "r:bz2") as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("workload.txt"))
    counts = [int(x) for x in tar.extractfile(member).read().split()]

august = counts[AUGUST_START:AUGUST_START + DAYS * 86_400]
assert len(august) == DAYS * 86_400, f"only {len(august)} seconds after the August start"
minutes = [sum(august[m * 60:(m + 1) * 60]) for m in range(DAYS * 1440)]
# The alignment check: the outage's zero run starts at 14:52 (and not a minute earlier).
assert minutes[OUTAGE_MINUTE - 1] > 0 and all(c == 0 for c in minutes[OUTAGE_MINUTE:OUTAGE_MINUTE + 37 * 60]), \
    "the outage does not start at 14:52: the August start index is off"

out = sys.stdout
out.write("# NASA Kennedy Space Center WWW server, HTTP requests per minute, 1995-08-01 00:00 to 1995-09-01 00:00 EDT (UTC-4).\n")
out.write("# Row i is minute i after 1995-08-01 00:00 EDT (a Tuesday); 44,640 rows, no time column (interval 1 minute).\n")
out.write("# Zero rows from 1 Aug 14:52 to 3 Aug 04:36 are the server's outage (Hurricane Erin), kept as zero traffic.\n")
out.write("# Source: ITA archive NASA_access_log_Aug95 (freely redistributable), per-second counts from\n")
out.write("# github.com/reconfigurable-ml-pipeline/web-service-datasets dataset/nasa/workload.tbz2 @ 7404ad6643;\n")
out.write("# derived by scripts/derive-nasa-minutes.py. See data/nasa/README.md.\n")
out.write("requests\n")
for c in minutes:
    out.write(f"{c}\n")
print(f"{len(minutes)} minutes, {sum(minutes)} requests, peak {max(minutes)}/min", file=sys.stderr)
