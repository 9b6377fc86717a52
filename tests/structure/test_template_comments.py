"""Django's `{# ... #}` comment ends on its own line: one left open runs on
into the page as text (a chart's description once showed above every chart).
Longer notes belong in `{% comment %}`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_one_line_comment_closes_on_its_line():
    unclosed = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2:]
                if "#}" not in rest:
                    unclosed.append(f"{template.relative_to(ROOT)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2:]
    assert not unclosed, f"comments left open: {unclosed}"
