#!/usr/bin/env python3
"""Derives data/borg/cell-a-requests.csv, the compact request mix of scenarios/fleet-10k.yaml,
from the Google Borg 2019 cell-a task requests (../shared/data/google-borg-2019-derived,
userRequest/2019_a_user_requests.csv: 10,000 task instances, CPU and RAM requests normalised so
that the largest machine is 1.0; CC-BY 4.0, Tirmazi et al., EuroSys 2020).

The table is a two-dimensional quantile histogram, not a copy of the rows: CPU and RAM are each cut
at their 1/B quantiles (B = 16 bins); every non-empty cell becomes one row whose cpu and memory are
the medians of the tasks in it and whose weight is how many tasks fell in it. Tasks requesting zero
CPU (32 of 10,000) are given the smallest positive CPU request of the sample (a container must
request some CPU). Usage: scripts/derive-borg-requests.py [SOURCE_CSV] > data/borg/cell-a-requests.csv
"""
import bisect, csv, statistics, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/google-borg-2019-derived/userRequest/2019_a_user_requests.csv"
rows = [(float(r["cpus"]), float(r["ram"])) for r in csv.DictReader(open(src))]
floor = min(c for c, _ in rows if c > 0)
rows = [(c if c > 0 else floor, m) for c, m in rows]
B = 16

def cuts(values):
    v = sorted(values)
    return sorted(set(v[len(v) * k // B] for k in range(1, B)))

cc, mc = cuts([c for c, _ in rows]), cuts([m for _, m in rows])
cells = {}
for c, m in rows:
    cells.setdefault((bisect.bisect_right(cc, c), bisect.bisect_right(mc, m)), []).append((c, m))
print("# Request mix of Google Borg 2019 cell a: (cpu, memory) as fractions of the largest machine, weight = tasks.")
print(f"# Derived by scripts/derive-borg-requests.py from {len(rows)} task requests; see data/borg/README.md.")
print("cpu,memory,weight")
for key in sorted(cells):
    ts = cells[key]
    print(f"{statistics.median(c for c, _ in ts):.6g},{statistics.median(m for _, m in ts):.6g},{len(ts)}")
