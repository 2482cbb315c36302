"""Fixtures of the import tests: the sample folders, and folders of test files built under tmp_path."""

import shutil

import pytest
from django.utils import translation

from registry.middleware import system_audit_scope
from registry.services.imports.virta.client import VirtaDirectory
from registry.services.imports.virta.run import import_virta
from registry.services.imports.ytr.client import YtrDirectory
from registry.services.imports.ytr.run import import_ytr
from tests.conftest import SAMPLES

VIRTA_SAMPLES = SAMPLES / "virta" / "opintotiedot"
YTR_SAMPLES = SAMPLES / "ytr"


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions read the English messages; the register's default language is Finnish."""
    with translation.override("en"):
        yield


def run_virta(directory):
    with system_audit_scope("test_import_virta"):
        return import_virta(VirtaDirectory(directory))


def run_ytr(directory):
    with system_audit_scope("test_import_ytr"):
        return import_ytr(YtrDirectory(directory))


@pytest.fixture
def virta_folder(tmp_path):
    """An empty opintotiedot folder with henkilotiedot beside it; `write(name, xml)` adds a response."""
    folder = tmp_path / "virta" / "opintotiedot"
    folder.mkdir(parents=True)
    (tmp_path / "virta" / "henkilotiedot").mkdir()
    return Folder(folder)


@pytest.fixture
def ytr_folder(tmp_path):
    """An empty YTR folder with oph-koski/ and oph-registrydata/; `write("oph-koski/<code>.json", text)` adds a record."""
    folder = tmp_path / "ytr"
    (folder / "oph-koski").mkdir(parents=True)
    (folder / "oph-registrydata").mkdir()
    return Folder(folder)


class Folder:
    def __init__(self, path):
        self.path = path

    def write(self, name, text):
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def copy(self, source, name=None):
        target = self.path / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        return target
