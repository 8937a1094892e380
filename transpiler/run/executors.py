"""The two executors of ``run_parts``: processes of this machine
(``--workers N``) and a Dask cluster (``--dask ADDRESS`` or ``--dask local[:N]``)."""

from __future__ import annotations

import logging
import os

from .execute import Executor
from .tasks import PackageRef, preload


class ClusterError(Exception):
    """The cluster cannot be reached or lost the work: reported, exit 2."""


class PoolExecutor(Executor):
    """Worker processes of this machine. Forked workers inherit the loaded
    engine; spawned ones load the package by path."""

    def __init__(self, workers: int, ref: PackageRef, render_spec: tuple, profile: bool, engine):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        preload(ref, None, render_spec, profile, engine=engine)  # inherited through fork
        self.pool = ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=preload, initargs=(ref, None, render_spec, profile)
        )
        self.window = 2 * workers + 2

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Tasks on a Dask cluster: an existing scheduler (``tcp://host:8786``)
    or ``local[:N]``, a LocalCluster of N worker processes started here and
    stopped at the end. The signature package travels once to every worker
    (scattered), as a zip of its sources."""

    def __init__(self, spec: str, blob: bytes):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterError("--dask needs dask and distributed: pip install 'rego2py[dask]'") from None
        self.cluster = None
        try:
            if spec == "local" or spec.startswith("local:"):
                n = spec.partition(":")[2]
                if n and (not n.isdigit() or int(n) < 1):
                    raise ClusterError(f"--dask {spec}: expected local or local:N with N >= 1")
                self.cluster = LocalCluster(
                    n_workers=int(n) if n else (os.cpu_count() or 1),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(spec, timeout="10s")
        except ClusterError:
            raise
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise ClusterError(f"--dask {spec}: cannot reach the cluster: {exc}") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 4 * threads + 2
        self.blob = self.client.scatter(blob, broadcast=True, hash=False)

    def package_blob(self):
        return self.blob

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False, retries=2)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
