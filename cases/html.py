"""HTML text for what the app draws in Python (list rows, single-choice lists).

Django's `escape` and `format_html` go through its lazy-aware wrappers for
every value; a page of rows or a list of a hundred options drawn that way
cost more than the page's queries. `text` escapes exactly as `escape` does.
"""

import html


def text(value) -> str:
    """`value` as HTML text: anything already HTML (`__html__`) as it is, the rest escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
