"""`bulkhead-dask`: the command line."""

from __future__ import annotations

import argparse
import sys

from . import driver


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bulkhead-dask", description="Run Bulkhead sweeps and policy comparisons on a Dask cluster.")
    sub = p.add_subparsers(dest="command", required=True)

    def cluster_options(q: argparse.ArgumentParser) -> None:
        where = q.add_mutually_exclusive_group(required=True)
        where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="address of a running Dask scheduler")
        where.add_argument("--local", type=int, metavar="N", help="start a local cluster of N single-threaded workers")
        q.add_argument("--bin", help="the bulkhead executable, at a path every worker sees (default: $BULKHEAD_BIN, "
                                     "then bulkhead on PATH)")
        q.add_argument("--retries", type=int, default=3, help="retries of a cell whose process died (default 3)")
        q.add_argument("--timeout", type=float, default=30.0,
                       help="seconds to wait for the scheduler and its first worker (default 30)")
        q.add_argument("--quiet", action="store_true", help="no progress line")

    s = sub.add_parser("sweep", help="every cell of a sweep file as a Dask task, then bulkhead merge",
                       description="Runs every cell of SWEEPFILE as a Dask task (bulkhead sweep --shard k/N, one cell "
                                   "each), skipping complete cells, then runs bulkhead merge and prints its summary. "
                                   "The results folder must be on a filesystem every worker sees.")
    s.add_argument("sweep_file", metavar="SWEEPFILE")
    s.add_argument("--out", help="sweep folder (default: results/<sweep name>/, relative to this directory)")
    cluster_options(s)

    c = sub.add_parser("compare", help="every policy × replication of a comparison as Dask tasks",
                       description="Runs bulkhead compare's policy × replication runs as Dask tasks (as the cells of a "
                                   "sweep over placement.policy, in OUT/runs), then bulkhead compare --from-sweep, which "
                                   "writes compare.csv and compare.json and prints the table a local compare prints.")
    c.add_argument("scenario", metavar="SCENARIO")
    c.add_argument("--policies", required=True, metavar="p1,p2,...")
    c.add_argument("--replications", type=int, default=10)
    c.add_argument("--set", action="append", default=[], metavar="path=value", help="as bulkhead's --set (repeatable)")
    c.add_argument("--seed", type=int)
    c.add_argument("--baseline")
    c.add_argument("--out", help="output folder (default: results/<scenario name>/compare/)")
    cluster_options(c)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "sweep":
            return driver.run_sweep(args)
        if args.command == "compare":
            return driver.run_compare(args)
    except driver.UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished cells are kept; run the same command again to resume", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
