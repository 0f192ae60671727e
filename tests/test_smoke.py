"""The real program, started as a user starts it, reaches its main window."""

import json
import os
import subprocess
import sys
from pathlib import Path

from regiodesk.store import Store


def test_regiodesk_starts_on_a_demo_store_and_reaches_the_main_window(
    demo_template: Path, tmp_path: Path
) -> None:
    store_path = tmp_path / "demo.sqlite"
    store_path.write_bytes(demo_template.read_bytes())
    with Store.open(store_path) as store:
        persona = store.meta("demo_persona")
    config, logs = tmp_path / "config", tmp_path / "log"
    config.mkdir()
    identity = {"person_id": persona, "municipality_id": None, "device_name": "smoke"}
    (config / "settings.json").write_text(
        json.dumps({"identities": {str(store_path.resolve()): identity}})
    )
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        REGIODESK_CONFIG_DIR=str(config),
        REGIODESK_LOG_DIR=str(logs),
        REGIODESK_DATA_DIR=str(tmp_path / "data"),
    )
    program = Path(sys.executable).with_name("regiodesk")
    completed = subprocess.run(
        [str(program), "--store", str(store_path), "--quit-when-ready"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    log = (logs / "regiodesk.log").read_text()
    assert "main window shown" in log
    assert "RegioDesk stopped" in log
    assert "ERROR" not in log


def test_regiodesk_version_works_without_a_screen() -> None:
    program = Path(sys.executable).with_name("regiodesk")
    completed = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0
    assert "RegioDesk" in completed.stdout
