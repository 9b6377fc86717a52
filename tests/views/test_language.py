"""Simplified Chinese first, English available."""

from django.urls import reverse


def test_the_desk_speaks_simplified_chinese_by_default(login, clerk):
    response = login(clerk).get(reverse("cases:desk"))
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "zh-hans"
    assert '<html lang="zh-CN">' in response.content.decode()


def test_the_desk_renders_in_english_when_the_browser_asks(login, clerk):
    response = login(clerk).get(reverse("cases:desk"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Case register" in response.content.decode()


def test_an_unsupported_language_falls_back_to_simplified_chinese(login, clerk):
    response = login(clerk).get(reverse("cases:desk"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.wsgi_request.LANGUAGE_CODE == "zh-hans"


def test_the_language_can_be_chosen_and_sticks(login, clerk):
    client = login(clerk)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("cases:desk")})
    response = client.get(reverse("cases:desk"))
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_the_case_page_and_the_slip_render_in_english(login, city_case, clerk):
    client = login(clerk)
    for url in (reverse("cases:detail", args=[city_case.number]), reverse("cases:slip", args=[city_case.number])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()


def test_every_message_of_the_code_has_its_chinese_translation(tmp_path):
    """The catalog, made anew from the code and the templates, has no message left
    untranslated or only guessed (a fuzzy entry is not compiled: it shows in English)."""
    import os
    import re
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ("manage.py", "windowdesk", "cases", "routing", "bench", "templates", "locale"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"], cwd=tmp_path,
                   check=True, capture_output=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "windowdesk.settings"})
    catalog = (tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = catalog.split("\n\n")[1:]  # the first is the header
    guessed = [entry for entry in entries if re.search(r"^#, .*fuzzy", entry, re.M)]
    missing = [entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.M)]
    assert guessed == [] and missing == []
