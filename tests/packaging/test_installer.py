"""The Linux package, installed and run as a user runs it (issue 8: installers).

The ``.deb`` from ``build_installer.py`` (built here when ``dist/`` has none that is newer than the
sources) is unpacked with ``dpkg-deb -x`` into a throwaway root, never installed system-wide.  The
frozen programs then run from there, offscreen, on fresh folders: the command-line tool's version,
demo, info, a signed decision list and its verification, and the desktop app up to its main window.

Slow (a build takes about a minute): marked ``installer`` and run by CI as a step of its own,
``pytest -m installer tests/packaging``; the default test run leaves it out.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytestmark = [
    pytest.mark.installer,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is Linux's"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb"),
    pytest.mark.timeout(900),
]

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
SOURCES = ("regiodesk", "ui", "resources", "packaging", "build_installer.py", "pyproject.toml")
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ANCHOR = "2026-11-28"


def newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def built_deb() -> Path:
    """The package of this version: one built earlier in this run, else a new build."""
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    found = sorted(DIST.glob(f"regiodesk_{version}_*.deb"))
    if not found or found[-1].stat().st_mtime < newest_source():
        completed = subprocess.run(
            ["python3", str(ROOT / "build_installer.py")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=840,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr[-4000:]
        found = sorted(DIST.glob(f"regiodesk_{version}_*.deb"))
    assert found, "build_installer.py made no .deb"
    return found[-1]


@pytest.fixture(scope="module")
def deb() -> Path:
    return built_deb()


@pytest.fixture(scope="module")
def installed(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package unpacked into a throwaway root (what dpkg would put under /)."""
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=300)
    return root


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A user's environment: fresh folders, offscreen Qt, English, no access to the repository."""
    home = tmp_path_factory.mktemp("home")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REGIODESK_", "PYTHON", "VIRTUAL_ENV", "QT_"))
    }
    environment.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "share"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
        REGIODESK_LANG="en",
        # No password safe on a build machine: keyring's null backend, chosen by the user's env.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return environment


def run(
    installed: Path, program: str, *args: str, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed / "usr" / "bin" / program), *args],
        input=stdin,
        env=env,
        cwd=installed,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_store(
    installed: Path, user: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    store = tmp_path_factory.mktemp("stores") / "demo.sqlite"
    completed = run(
        installed, "regiodesk-cli", "--store", str(store), "demo", "--anchor", ANCHOR, env=user
    )
    assert completed.returncode == 0, completed.stderr
    assert "Demo region" in completed.stdout or "meetings" in completed.stdout
    return store


# The files -------------------------------------------------------------------------------------


def test_the_package_declares_what_it_needs(deb: Path) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "Package: regiodesk" in fields
    depends = next(line for line in fields.splitlines() if line.startswith("Depends:"))
    for library in ("libegl1", "libgl1", "libxkbcommon-x11-0", "libxcb-cursor0", "libfontconfig1"):
        assert library in depends


def test_the_desktop_entry_icons_and_mime_type_are_installed(installed: Path) -> None:
    share = installed / "usr" / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(share / "applications" / "regiodesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "regiodesk"
    assert desktop["Icon"] == "regiodesk"
    assert "application/x-regiodesk-bundle" in desktop["MimeType"]
    validate = shutil.which("desktop-file-validate")
    if validate:
        checked = subprocess.run(
            [validate, str(share / "applications" / "regiodesk.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    for size in ICON_SIZES:
        png = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "regiodesk.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = (
            int.from_bytes(png.read_bytes()[16:20]),
            int.from_bytes(png.read_bytes()[20:24]),
        )
        assert (width, height) == (size, size)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "regiodesk.svg").is_file()
    mime = ElementTree.parse(share / "mime" / "packages" / "regiodesk.xml").getroot()
    namespace = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{namespace}mime-type")
    assert kind is not None
    assert kind.get("type") == "application/x-regiodesk-bundle"
    glob = kind.find(f"{namespace}glob")
    assert glob is not None
    assert glob.get("pattern") == "*.regiodesk"


def test_the_licences_of_the_bundled_components_are_installed(installed: Path) -> None:
    licences = installed / "opt" / "regiodesk" / "licenses"
    summary = (licences / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for component in ("PySide6", "SQLAlchemy", "reportlab", "pyHanko", "Python"):
        assert component in summary
    assert (licences / "Python-LICENSE.txt").is_file()
    assert any(licences.glob("PySide6_Essentials-*/*.txt")) or any(licences.glob("PySide6*/*"))
    assert (installed / "usr" / "share" / "doc" / "regiodesk" / "copyright").is_file()


def test_the_frozen_folder_leaves_out_what_is_not_used(installed: Path) -> None:
    internal = installed / "opt" / "regiodesk" / "_internal"
    assert (internal / "regiodesk" / "store" / "migrations" / "script.py.mako").is_file()
    assert (internal / "resources" / "locale" / "nl" / "LC_MESSAGES" / "regiodesk.po").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert {p.name for p in (plugins / "platforms").iterdir()} >= {"libqxcb.so", "libqoffscreen.so"}
    assert any((plugins / "imageformats").iterdir())
    assert not any(internal.rglob("libQt6Quick*"))
    assert not any(internal.rglob("libQt6Qml*"))
    locales = {path.stem for path in (internal / "babel" / "locale-data").glob("*.dat")}
    assert {"nl", "en", "root"} <= locales
    assert len(locales) < 20
    assert not any(internal.rglob("__pycache__"))


def test_the_portable_tarball_holds_the_same_programs(deb: Path) -> None:
    tarballs = sorted(deb.parent.glob("regiodesk-*-linux-*.tar.gz"))
    assert tarballs, "build_installer.py made no tarball"
    with tarfile.open(tarballs[-1]) as archive:
        names = set(archive.getnames())
        top = tarballs[-1].name.removesuffix(".tar.gz")
        for name in ("regiodesk", "regiodesk-cli", "licenses/THIRD-PARTY-LICENSES.txt"):
            assert f"{top}/{name}" in names
        assert f"{top}/share/applications/regiodesk.desktop" in names
        program = archive.getmember(f"{top}/regiodesk")
        assert program.mode & 0o111
        assert program.uid == 0


# The programs ----------------------------------------------------------------------------------


def test_both_programs_say_their_version(installed: Path, user: dict[str, str]) -> None:
    for program in ("regiodesk", "regiodesk-cli"):
        completed = run(installed, program, "--version", env=user)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout.startswith("RegioDesk ")
        assert "0.0.0+source" not in completed.stdout


def test_the_command_line_fills_and_describes_a_store(
    installed: Path, user: dict[str, str], demo_store: Path
) -> None:
    completed = run(installed, "regiodesk-cli", "--store", str(demo_store), "info", env=user)
    assert completed.returncode == 0, completed.stderr
    assert "Regio Twente" in completed.stdout
    assert "municipalities" in completed.stdout


def test_a_decision_list_is_exported_signed_and_verified(
    installed: Path, user: dict[str, str], demo_store: Path, tmp_path: Path
) -> None:
    store = ["--store", str(demo_store)]
    completed = run(
        installed,
        "regiodesk-cli",
        *store,
        "signing",
        "authority",
        "--name",
        "Twente",
        "--passphrase-stdin",
        env=user,
        stdin="authority-secret\n",
    )
    assert completed.returncode == 0, completed.stderr
    p12, pdf = tmp_path / "chair.p12", tmp_path / "list.pdf"
    completed = run(
        installed,
        "regiodesk-cli",
        *store,
        "signing",
        "issue",
        "--holder",
        "Anna Chair",
        "--organisation",
        "Gemeente Enschede",
        "--out",
        str(p12),
        "--passphrase-stdin",
        env=user,
        stdin="authority-secret\nholder-secret\n",
    )
    assert completed.returncode == 0, completed.stderr
    with sqlite3.connect(demo_store) as connection:
        meeting = connection.execute(
            "SELECT id FROM meeting WHERE status = 'closed' AND deleted = 0 "
            "ORDER BY starts_at DESC LIMIT 1"
        ).fetchone()[0]
    completed = run(
        installed,
        "regiodesk-cli",
        *store,
        "decisions",
        "export",
        str(meeting),
        "--out",
        str(pdf),
        env=user,
    )
    assert completed.returncode == 0, completed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    for role in ("chair", "secretary"):  # a decision list is complete with both signatures
        completed = run(
            installed,
            "regiodesk-cli",
            *store,
            "decisions",
            "sign",
            str(pdf),
            "--as",
            role,
            "--identity",
            str(p12),
            "--passphrase-stdin",
            env=user,
            stdin="holder-secret\n",
        )
        assert completed.returncode == 0, completed.stderr
        assert f"Signed as {role} by Anna Chair" in completed.stdout
    completed = run(installed, "regiodesk-cli", *store, "verify", str(pdf), env=user)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("Valid: signed by Anna Chair") == 2
    assert "The content matches the decision list in the store" in completed.stdout


def test_the_desktop_app_reaches_its_main_window(
    installed: Path, user: dict[str, str], demo_store: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(demo_store) as connection:
        persona = connection.execute(
            "SELECT value FROM store_meta WHERE key = 'demo_persona'"
        ).fetchone()[0]
    config, logs = tmp_path / "config", tmp_path / "log"
    config.mkdir()
    identity = {"person_id": persona, "municipality_id": None, "device_name": "installer"}
    (config / "settings.json").write_text(
        json.dumps({"identities": {str(demo_store.resolve()): identity}})
    )
    environment = dict(user, REGIODESK_CONFIG_DIR=str(config), REGIODESK_LOG_DIR=str(logs))
    completed = run(
        installed, "regiodesk", "--store", str(demo_store), "--quit-when-ready", env=environment
    )
    assert completed.returncode == 0, completed.stderr
    assert "ready" in completed.stdout
    log = (logs / "regiodesk.log").read_text(encoding="utf-8")
    assert "main window shown" in log
    assert "ERROR" not in log


def test_the_command_line_syncs_the_store_with_a_folder(
    installed: Path, user: dict[str, str], demo_store: Path, tmp_path: Path
) -> None:
    commands = run(installed, "regiodesk-cli", "--help", env=user).stdout
    assert "\n    sync " in commands
    # No password safe here: the device's signing key goes to an owner-only file instead.
    environment = dict(user, REGIODESK_DEVICE_KEY_FILE=str(tmp_path / "device.key"))
    store, root = ["--store", str(demo_store)], tmp_path / "root"
    completed = run(
        installed, "regiodesk-cli", *store, "sync", "--root", str(root), "--init", env=environment
    )
    assert completed.returncode == 0, completed.stderr
    assert (root / "root.json").is_file()
    completed = run(
        installed, "regiodesk-cli", *store, "sync", "--root", str(root), env=environment
    )
    assert completed.returncode == 0, completed.stderr
    assert "Sent 0" in completed.stdout


def test_running_writes_nothing_into_the_installed_folder(
    installed: Path, user: dict[str, str], demo_store: Path
) -> None:
    """Runs last (pytest keeps file order): every program above has run by now."""
    before = sorted(str(path) for path in (installed / "opt").rglob("*"))
    run(installed, "regiodesk-cli", "--store", str(demo_store), "check", env=user)
    after = sorted(str(path) for path in (installed / "opt").rglob("*"))
    assert before == after
    assert not any((installed / "opt").rglob("__pycache__"))
    assert not any((installed / "opt").rglob("*.log"))
