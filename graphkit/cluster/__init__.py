"""Where graphkit's engines run: in this process (the default) or on a Dask cluster.

Inside ``with use(client):`` Monte Carlo trials and IMM's reverse-reachable sets run on the
workers of a ``dask.distributed.Client``, with exactly the results of one process for the same
``rng`` (each trial and each RR set owns a seed drawn up front; only whole trials and whole sets
are split among workers). :func:`connect` opens such a client from an address, as the CLI's
``--cluster`` does: ``tcp://host:8786`` for a running scheduler, ``local:N`` for a local cluster
of N worker processes that lives as long as the ``with`` block.

Examples
--------
>>> from graphkit import cluster
>>> cluster.current() is None
True
>>> with cluster.connect(None) as client:  # no address: in process
...     client is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from graphkit.errors import ClusterUnavailableError, InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["ADDRESS_PATTERN", "connect", "current", "use"]

ADDRESS_PATTERN = r"local:[1-9][0-9]*|(tcp|tls|ws|wss|ucx)://(\[[0-9a-fA-F:]+\]|[^\s:/\[\]]+):[0-9]{1,5}"
"""What ``--cluster`` and ``[compute] cluster`` accept: local:N, or a scheduler's address with its port."""
_LOCAL = re.compile(r"local:([1-9][0-9]*)")
_SCHEDULER = re.compile(ADDRESS_PATTERN)
_CONNECT_TIMEOUT = "10s"
_WORKER_TIMEOUT = 60  # seconds to wait for a scheduler's first worker
_CLIENT: ContextVar[Client | None] = ContextVar("graphkit_cluster_client", default=None)


def current() -> Client | None:
    """The client the engines run on here, or None (in process)."""
    return _CLIENT.get()


@contextmanager
def use(client: Client | None) -> Iterator[Client | None]:
    """Run graphkit's engines on ``client``'s workers inside the block (None: in process)."""
    token = _CLIENT.set(client)
    try:
        yield client
    finally:
        _CLIENT.reset(token)


@contextmanager
def connect(address: str | None) -> Iterator[Client | None]:
    """Open a client for ``address`` (``tcp://host:port``, ``local:N`` or None) and :func:`use` it.

    Raises
    ------
    InvalidInputError
        If ``address`` is neither form.
    ClusterUnavailableError
        If the scheduler cannot be reached or the local cluster does not start.
    """
    if not address:
        with use(None):
            yield None
        return
    local = _LOCAL.fullmatch(address)
    if not local and not _SCHEDULER.fullmatch(address):
        raise InvalidInputError(
            f"--cluster must be tcp://HOST:PORT (a running Dask scheduler; also tls://, ws://, wss://, ucx://) "
            f"or local:N with N >= 1, got {address!r}"
        )
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise InvalidInputError(
            "--cluster needs Dask distributed: pip install 'graphkit[cluster]' (or 'dask[distributed]')"
        ) from None
    cluster = client = None
    what = "start a local Dask cluster" if local else f"reach the Dask scheduler at {address}"
    try:
        if local:
            with dask.config.set({"distributed.scheduler.work-stealing": False}):  # sets stay where made
                cluster = LocalCluster(
                    n_workers=int(local.group(1)), threads_per_worker=1, processes=True, dashboard_address=None
                )
            client = Client(cluster)
        else:
            client = Client(address, timeout=_CONNECT_TIMEOUT)
        what = f"find a worker at the Dask scheduler at {address}"
        client.wait_for_workers(1, timeout=_WORKER_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - whatever stops the cluster, close what started and say so
        for opened in (client, cluster):
            if opened is not None:
                opened.close()
        if isinstance(error, (OSError, TimeoutError, RuntimeError, ValueError)):
            raise ClusterUnavailableError(f"cannot {what}: {error}") from None
        raise
    try:
        with use(client):
            yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
