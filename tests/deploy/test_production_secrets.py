"""With DEBUG off, the settings refuse the development secrets that ship in the source.

Each case runs `manage.py check --deploy` in a fresh process with the
production environment a deployer would set, because the settings are read
once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = {
    "DJANGO_SECRET_KEY": "q7$Vd9!kR2mZ8pW4xL6tN0bH3jF5sG1cY-aE+uQwIoPzKrT9vB",
    "FIELD_ENCRYPTION_SALT": "5c0b1e9f7a2d4c68b3e1f0a9d7c6b5e4",
    "PII_HASH_KEY": "a3f1c9e7b5d2408f96e1c7b3a5d9f2e0",
}


def check_deploy(tmp_path, **secrets):
    env = {k: v for k, v in os.environ.items() if k not in REAL and not k.startswith("DJANGO_")
           and k != "WINDOWDESK_PUBLIC_URL"}
    env.update(
        DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="windowdesk.settings", DJANGO_ALLOWED_HOSTS="desk.example.gov.cn",
        WINDOWDESK_VAR_DIR=str(tmp_path), **{"WINDOWDESK_PUBLIC_URL": "https://desk.example.gov.cn", **secrets},
    )
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_real_secrets(tmp_path):
    result = check_deploy(tmp_path, **REAL)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name, value", [
    ("DJANGO_SECRET_KEY", "embedded-only-insecure-key-" + "x" * 40),
    ("DJANGO_SECRET_KEY", "embedded-only-but-the-deployer-made-it-longer-than-fifty-characters"),
    ("FIELD_ENCRYPTION_SALT", "embedded-only-salt"),
    ("PII_HASH_KEY", "embedded-only-hash-key"),
])
def test_check_deploy_refuses_an_embedded_development_secret(tmp_path, name, value):
    result = check_deploy(tmp_path, **{**REAL, name: value})
    assert result.returncode != 0
    assert f"{name} is the embedded development value" in result.stderr


def test_check_deploy_refuses_a_short_secret_key(tmp_path):
    result = check_deploy(tmp_path, **{**REAL, "DJANGO_SECRET_KEY": "short-but-not-embedded"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short" in result.stderr


def test_check_deploy_refuses_a_missing_secret(tmp_path):
    result = check_deploy(tmp_path, **{k: v for k, v in REAL.items() if k != "PII_HASH_KEY"})
    assert result.returncode != 0
    assert "PII_HASH_KEY must be set when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize("value, words", [
    ("", "WINDOWDESK_PUBLIC_URL must be set when DJANGO_DEBUG is off"),
    ("http://desk.example.gov.cn", "WINDOWDESK_PUBLIC_URL must start with https://"),
    ("https://desk.example.gov.cn/t/", "WINDOWDESK_PUBLIC_URL must be a scheme and a host with no path"),
])
def test_check_deploy_refuses_texting_links_to_no_public_address(tmp_path, value, words):
    result = check_deploy(tmp_path, **REAL, WINDOWDESK_PUBLIC_URL=value)
    assert result.returncode != 0
    assert words in result.stderr
