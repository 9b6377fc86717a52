"""Register searches kept out of URLs.

What a clerk searches for is often an ID number or a phone. In a URL it would
be written to the web server's access log on every request (and sent on as the
Referer of the page's assets); so the register's search form posts, and the
query waits in the clerk's session under a short random token that the list's
URL carries instead: `/cases/?search=<token>`. Pagination and the back button
work with the token; another session does not know it.

In the session the query is encrypted with the key of the encrypted ID number
column, so the session table holds no plain ID number either. A session keeps
its newest `KEPT` searches for `LIFETIME` seconds.
"""

import secrets
import time

from cryptography.fernet import InvalidToken

SESSION_KEY = "register_searches"
KEPT = 20
LIFETIME = 8 * 3600  # a working day at the window


def search_remember(session, query: str) -> str:
    """Keep `query` in `session`; the token that finds it again."""
    now = int(time.time())
    searches = {token: entry for token, entry in session.get(SESSION_KEY, {}).items() if _fresh(entry, now)}
    token = secrets.token_urlsafe(6)
    searches[token] = [_cipher().encrypt(query.encode()).decode(), now]
    session[SESSION_KEY] = dict(list(searches.items())[-KEPT:])  # insertion order: the oldest go first
    return token


def search_recall(session, token: str) -> str | None:
    """The query kept under `token`, or None when it is unknown or has expired."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or not _fresh(entry, int(time.time())):
        return None
    try:
        return _cipher().decrypt(entry[0].encode()).decode()
    except (InvalidToken, ValueError, TypeError):
        return None


def _fresh(entry, now: int) -> bool:
    return isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], int) and now - entry[1] < LIFETIME


def _cipher():
    """The Fernet of the encrypted ID number column (its keys derived once per process)."""
    from .models import Case

    return Case._meta.get_field("reporter_id_number").f
