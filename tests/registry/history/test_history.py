"""Patches and rebuilding of versions."""

import jsonpatch
import pytest

from registry.services import history


def test_first_version_adds_whole_document():
    document = {"a": 1}

    assert history.make_patch(None, document) == [{"op": "add", "path": "", "value": document}]


def test_patch_applies_to_previous_document():
    previous = {"items": [{"id": 1}, {"id": 2}, {"id": 3}], "name": "x"}
    document = {"items": [{"id": 3}, {"id": 1}], "name": "y", "new": True}

    patch = history.make_patch(previous, document)

    assert jsonpatch.apply_patch(previous, patch) == document


def test_unreliable_patch_falls_back_to_replacement(monkeypatch):
    class WrongPatch:
        patch = [{"op": "add", "path": "/wrong", "value": 1}]

    monkeypatch.setattr(history.jsonpatch, "make_patch", lambda previous, document: WrongPatch())

    assert history.make_patch({"a": 1}, {"a": 2}) == [{"op": "replace", "path": "", "value": {"a": 2}}]


@pytest.mark.parametrize("version, snapshot", [(1, True), (2, False), (50, False), (51, True), (101, True)])
def test_snapshots_every_fifty_versions(version, snapshot):
    from registry.models import StudyRightVersion

    assert StudyRightVersion.keeps_snapshot(version) is snapshot
