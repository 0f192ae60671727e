"""Bundles: the region's changes in one signed file, taken in along the same path as a root."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from regiodesk.commands.notes import save_private_note
from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.sync.bundle import BundleRefused, export_bundle, import_bundle
from tests.core.sync.conftest import Device


def test_a_bundle_from_an_approved_device_brings_its_changes_once(
    devices: Callable[[int], list[Device]], tmp_path: Path
) -> None:
    a, b = devices(2)
    record_position(
        a.store,
        a.world.member,
        a.world.decision_item,
        a.world.m("Almelo"),
        PositionKind.DISAGREE,
        "Per bundel",
    )
    save_private_note(a.store, a.world.member, a.world.decision_item, "Niet in de bundel")
    path = tmp_path / "changes.regiodesk"
    assert export_bundle(a.store, path) > 0
    assert b"Niet in de bundel" not in path.read_bytes()
    report = import_bundle(b.store, path.read_bytes(), path.name)
    assert report.received > 0
    assert report.quarantined == 0
    assert b.store.scalar("SELECT count(*) FROM position WHERE reason = 'Per bundel'") == 1
    again = import_bundle(b.store, path.read_bytes(), path.name)
    assert again.received == 0


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda data: data[:-40], "cut off"),
        (lambda data: data.replace(b"Per bundel", b"Per bundeL"), "signature"),
        (lambda _data: b"", "not a RegioDesk bundle"),
    ],
    ids=["truncated", "changed", "empty"],
)
def test_a_damaged_bundle_is_refused_whole(
    devices: Callable[[int], list[Device]],
    tmp_path: Path,
    damage: Callable[[bytes], bytes],
    words: str,
) -> None:
    a, b = devices(2)
    record_position(
        a.store,
        a.world.member,
        a.world.decision_item,
        a.world.m("Almelo"),
        PositionKind.DISAGREE,
        "Per bundel",
    )
    path = tmp_path / "changes.regiodesk"
    export_bundle(a.store, path)
    before = b.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(BundleRefused, match=words):
        import_bundle(b.store, damage(path.read_bytes()), path.name)
    assert b.store.scalar("SELECT count(*) FROM change_log") == before
