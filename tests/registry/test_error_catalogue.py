from pathlib import Path

from registry.errors import CATALOGUE
from registry.management.commands.error_catalogue import render_catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "error-keys.md"


def test_error_key_document_is_current():
    assert DOC.read_text(encoding="utf-8") == render_catalogue(), "Run: python manage.py error_catalogue --write"


def test_every_key_is_in_the_document():
    text = DOC.read_text(encoding="utf-8")

    for key in CATALOGUE:
        assert f"`{key}`" in text


def test_keys_follow_the_status_families():
    families = {"badRequest": 400, "unauthorized": 401, "forbidden": 403, "notFound": 404, "conflict": 409}

    for key, entry in CATALOGUE.items():
        family = key.split(".")[0]
        if family in families:
            assert entry.status == families[family], key
