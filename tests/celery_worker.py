"""A real Celery worker in a thread, on an in-memory broker, for the tests that
need a task to run as production runs it (published after the commit, picked
up by a worker with its own database connection). Import the fixture:
`from tests.celery_worker import real_worker  # noqa: F401`.
"""

import pytest


def forget_broker_connections(app):
    # The app keeps connection and producer pools for the broker it first
    # talked to; drop them so the next publish uses the current URL.
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps its own pools per broker URL for the whole process; a worker
    # that stopped closed those of memory://, which the next one would reuse.
    pools.reset()


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from windowdesk.celery import app

    saved = app.conf.broker_url, app.conf.broker_transport_options
    # Not the filesystem broker of var/: the tasks other tests queued there and nobody ran stay there.
    app.conf.broker_url, app.conf.broker_transport_options = "memory://", {}
    forget_broker_connections(app)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10,
                          queues=["celery", "exports"]) as worker:
            yield worker
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = saved
        forget_broker_connections(app)
