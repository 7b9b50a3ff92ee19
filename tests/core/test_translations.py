"""Every user-facing string is in the committed zh_Hans catalog, translated, and compiled."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [
    "efficiency_center",
    "pledges",
    "practice_projects",
    "achievements",
    "complaints",
    "selection",
    "assessment",
    "operations",
    "templates",
    "manage.py",
    "locale",
]


def test_catalog_covers_every_marked_string(tmp_path):
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / name)
    env = dict(
        os.environ,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="efficiency_center.settings",
        PYTHONPATH=str(tmp_path),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    regenerated = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(regenerated)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(regenerated)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert untranslated.strip() == "", f"untranslated strings (run make messages):\n{untranslated}"
    assert fuzzy.strip() == "", f"fuzzy translations:\n{fuzzy}"


def test_compiled_catalog_matches_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    with open(MO, "rb") as committed, open(fresh, "rb") as rebuilt:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(rebuilt)._catalog
        ), "locale/zh_Hans django.mo is stale: run make messages"
