"""Only the site's own files run or style a page: the policy header on every
response, and no template that needs an exception to it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STRICT = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
          "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'")

# What the policy refuses to run: a <script> with a body (no src), a <style>
# element, a style="..." attribute and an on...= handler.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _policy(response) -> str:
    return response.headers["Content-Security-Policy"]


def test_the_policy_is_strict_and_allows_nothing_inline():
    from django.test import Client

    policy = _policy(Client().get(reverse("login")))
    for directive in STRICT:
        assert directive in policy
    assert "unsafe" not in policy


def test_every_kind_of_page_carries_the_policy(login, clerk, city_case):
    client = login(clerk)
    for url in (reverse("cases:desk"), reverse("cases:register"), reverse("cases:detail", args=[city_case.number]),
                reverse("cases:slip", args=[city_case.number]), reverse("cases:inbox"), "/cases/no-such-case/"):
        response = client.get(url)
        assert "script-src 'self'" in _policy(response), url


def test_a_rejected_form_and_the_admin_carry_the_policy_too(login, clerk, city):
    from routing.models import User

    assert "script-src 'self'" in _policy(login(clerk).post(reverse("cases:register"), {}))
    admin = User.objects.create_superuser("root", password="pw-root", office=city)
    assert "script-src 'self'" in _policy(login(admin).get(reverse("admin:index")))


@pytest.mark.parametrize("template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")))
def test_no_template_has_an_inline_script_style_or_handler(template):
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    found = [f"{kind}: {m.group(0)!r} (line {source.count(chr(10), 0, m.start()) + 1})"
             for kind, pattern in INLINE.items() for m in pattern.finditer(source)]
    assert not found, f"{template} needs 'unsafe-inline': " + "; ".join(found)


def test_the_scan_finds_what_the_policy_would_refuse():
    samples = ['<script>alert(1)</script>', '<p style="color:red">', '<select onchange="x()">',
               "<style>p{}</style>", '<a href="javascript:void(0)">']
    for sample in samples:
        assert any(pattern.search(sample) for pattern in INLINE.values()), sample
    assert not any(p.search('<script src="/static/js/a.js"></script>') for p in INLINE.values())
