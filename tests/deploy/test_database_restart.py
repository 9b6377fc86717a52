"""A kept database connection that PostgreSQL dropped is replaced, not a 500.

The request goes through Django's own WSGI handler, as a gunicorn worker runs
it (the test client skips the connection housekeeping at request start and end).
"""

import io
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse


def wsgi_get(path, cookie):
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie,
                                             **{"wsgi.input": io.BytesIO(b"")})
    status = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(response)
    response.close()  # request_finished: what a worker does after each request
    return int(status[0].split()[0])


@pytest.fixture
def kept_connections():
    """Connections kept between requests, as production sets DATABASE_CONN_MAX_AGE."""
    connection.close()
    old = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 600
    yield
    connection.settings_dict["CONN_MAX_AGE"] = old
    connection.close()


def terminate(pid):
    """Kill the backend from another connection and wait until it is gone."""
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.05)
    finally:
        other.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_the_database_dropped_the_connection_succeeds(client, clerk, kept_connections):
    client.force_login(clerk)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    connection.close()

    assert wsgi_get(reverse("cases:desk"), cookie) == 200
    assert connection.connection is not None, "the connection should be kept between requests"
    pid = connection.connection.info.backend_pid

    terminate(pid)

    assert wsgi_get(reverse("cases:desk"), cookie) == 200
    assert connection.connection.info.backend_pid != pid
