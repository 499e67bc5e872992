"""Run Bulkhead sweeps on a Dask cluster: each cell is one `bulkhead sweep --shard k/N` process."""

__version__ = "0.1.0"
