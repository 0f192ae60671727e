#!/usr/bin/env python3
"""Build RegioDesk's installer for the platform this runs on.

    python3 build_installer.py [--skip-freeze] [--out FOLDER]

1. sets up ``.venv`` from the lock file (``dev.py setup``) if needed;
2. renders the icon (``packaging/icons.py``) and freezes the app with PyInstaller
   (``packaging/regiodesk.spec``: one folder, ``regiodesk`` and ``regiodesk-cli``);
3. collects the licence texts of everything bundled (``packaging/components.py``);
4. makes the platform's packages in ``dist/`` (or ``--out``):

   - Linux: ``regiodesk_<version>_<arch>.deb`` (dpkg-deb) and a portable
     ``regiodesk-<version>-linux-<machine>.tar.gz``;
   - Windows: ``RegioDesk-<version>-setup.exe`` (Inno Setup, ``packaging/windows/regiodesk.iss``),
     signed with signtool when ``REGIODESK_SIGN_PFX`` names a certificate file;
   - macOS: ``RegioDesk.app`` in ``RegioDesk-<version>.dmg`` (hdiutil), signed when
     ``REGIODESK_MACOS_IDENTITY`` is set; notarisation: ``packaging/macos/README.md``.

A tool that this platform lacks is named, with what cannot be built without it; the rest is built
all the same, and the exit code is 1 if anything asked for could not be built.  Only the standard
library is used here; the work that needs the dependencies runs in ``.venv``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
WORK = ROOT / "build" / "installer"
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
APP = "regiodesk"

#: Debian packages of the system libraries that Qt's xcb platform loads (the same list as the one
#: CI installs to run Qt); the other libraries the app needs are bundled in the folder.
DEB_DEPENDS = (
    "libc6",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
)
SUMMARY = "Prepare, chair and record the consultations of a region's portfolio holders"
DESCRIPTION = (
    "RegioDesk keeps the meetings of a region's portfolio-holder consultations (PFO):\n"
    "agendas, the municipalities' positions, decisions and signed decision lists.\n"
    "Everything is kept in a local store in the user's own folders."
)
MIME_TYPE = "application/x-regiodesk-bundle"
BUNDLE_EXTENSION = "regiodesk"


class Missing(Exception):
    """A tool that this platform lacks: the message says what cannot be built without it."""


def say(text: str) -> None:
    print(f"build_installer: {text}", file=sys.stderr, flush=True)


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(part) for part in command], cwd=cwd, env=env, check=False)
    if completed.returncode != 0:
        say(f"failed ({completed.returncode}): {' '.join(str(part) for part in command)}")
        sys.exit(completed.returncode)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


# Freezing ----------------------------------------------------------------------------------------


def freeze() -> Path:
    """The frozen app's folder (``build/installer/dist/regiodesk``), built afresh."""
    run(sys.executable, ROOT / "dev.py", "setup")
    icons = WORK / "work" / "icons"
    run(PYTHON, PACKAGING / "icons.py", icons)
    say("freezing the app with PyInstaller")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    run(
        PYTHON,
        "-m",
        "PyInstaller",
        PACKAGING / "regiodesk.spec",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        WORK / "dist",
        "--workpath",
        WORK / "work",
        env=environment,
    )
    folder = WORK / "dist" / APP
    run(PYTHON, PACKAGING / "components.py", folder / "licenses")
    return folder


def folder_size(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir())


# Linux -------------------------------------------------------------------------------------------


def desktop_entry() -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=RegioDesk",
            "GenericName=Regional consultations",
            "GenericName[nl]=Regionaal overleg",
            f"Comment={SUMMARY}",
            "Comment[nl]=Portefeuillehoudersoverleg van een regio voorbereiden, voorzitten en "
            "vastleggen",
            # No %f yet: opening a bundle file is part of the sync feature, which is to come.
            "Exec=regiodesk %f",
            "TryExec=regiodesk",
            "Icon=regiodesk",
            "Terminal=false",
            "Categories=Office;ProjectManagement;",
            "Keywords=PFO;region;meeting;decision list;municipality;",
            "Keywords[nl]=PFO;regio;vergadering;besluitenlijst;gemeente;",
            f"MimeType={MIME_TYPE};",
            "",
        ]
    )


def mime_package() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>RegioDesk bundle</comment>
    <comment xml:lang="nl">RegioDesk-bundel</comment>
    <generic-icon name="regiodesk"/>
    <sub-class-of type="application/octet-stream"/>
    <glob pattern="*.{BUNDLE_EXTENSION}"/>
  </mime-type>
</mime-info>
"""


def debian_architecture() -> str:
    dpkg = shutil.which("dpkg")
    if dpkg:
        found = subprocess.run(
            [dpkg, "--print-architecture"], capture_output=True, text=True, check=False
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)


def lay_out_share(share: Path, icons: Path) -> None:
    """Desktop entry, icons (hicolor) and the MIME type under ``share`` (``/usr/share``)."""
    (share / "applications").mkdir(parents=True)
    (share / "applications" / f"{APP}.desktop").write_text(desktop_entry(), encoding="utf-8")
    for png in sorted((icons / "png").glob(f"{APP}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(png, folder / f"{APP}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / f"{APP}.svg", scalable / f"{APP}.svg")
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "mime" / "packages" / f"{APP}.xml").write_text(mime_package(), encoding="utf-8")


def normalise_modes(root: Path) -> None:
    """Folders 755, programs and libraries 755, other files 644 (as Debian's policy asks)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & 0o111 or ".so" in path.name
            path.chmod(0o755 if executable else 0o644)


def build_deb(folder: Path, icons: Path, version: str, out: Path) -> Path:
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise Missing("dpkg-deb is missing (apt install dpkg): no .deb here")
    architecture = debian_architecture()
    root = WORK / "deb"
    shutil.rmtree(root, ignore_errors=True)
    copy_tree(folder, root / "opt" / APP)
    (root / "usr" / "bin").mkdir(parents=True)
    for program in (APP, f"{APP}-cli"):
        # Relative links: they also work in a package unpacked elsewhere (dpkg-deb -x).
        (root / "usr" / "bin" / program).symlink_to(Path("../../opt") / APP / program)
    lay_out_share(root / "usr" / "share", icons)
    doc = root / "usr" / "share" / "doc" / APP
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "RegioDesk\nLicence: EUPL-1.2\n\n"
        f"The licences of the bundled components are in /opt/{APP}/licenses"
        " (THIRD-PARTY-LICENSES.txt lists them).\n",
        encoding="utf-8",
    )
    normalise_modes(root)
    installed_kib = (folder_size(root) + 1023) // 1024
    control = root / "DEBIAN"
    control.mkdir()
    control.chmod(0o755)
    description = "\n".join(" " + (line if line else ".") for line in DESCRIPTION.splitlines())
    (control / "control").write_text(
        f"Package: {APP}\n"
        f"Version: {version}\n"
        f"Architecture: {architecture}\n"
        "Maintainer: RegioDesk developers <regiodesk@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEB_DEPENDS)}\n"
        "Recommends: gnome-keyring | kwalletmanager\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{description}\n",
        encoding="utf-8",
    )
    (control / "control").chmod(0o644)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{APP}_{version}_{architecture}.deb"
    # gzip: quick to build on a small machine, and every dpkg reads it.  The desktop database,
    # the MIME database and the icon cache are updated by their own packages' dpkg triggers.
    run(dpkg_deb, "--root-owner-group", "-Zgzip", "-z6", "--build", root, target)
    return target


def build_tarball(folder: Path, icons: Path, version: str, out: Path) -> Path:
    name = f"{APP}-{version}-linux-{platform.machine()}"
    stage = WORK / "tar" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    copy_tree(folder, stage)
    lay_out_share(stage / "share", icons)
    (stage / "README.txt").write_text(
        "RegioDesk, portable: unpack anywhere and start ./regiodesk (or ./regiodesk-cli).\n"
        "Data and logs go to the user's own folders (~/.local/share/RegioDesk,\n"
        "~/.local/state/RegioDesk/log), never into this folder.\n"
        "For a menu entry, copy share/ to ~/.local/share/ and change Exec= in\n"
        "share/applications/regiodesk.desktop to the full path of ./regiodesk.\n",
        encoding="utf-8",
    )
    normalise_modes(stage)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(stage, arcname=name, filter=owned_by_root)
    return target


# Windows -----------------------------------------------------------------------------------------


def find_iscc() -> Path:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base) / sub / "ISCC.exe" if base else None
            if candidate and candidate.is_file():
                return candidate
    raise Missing("Inno Setup 6 (ISCC.exe) is missing: no Windows installer here")


def signtool_command() -> str | None:
    """The signtool command line for Inno Setup ($f is the file), when a certificate is set."""
    certificate = os.environ.get("REGIODESK_SIGN_PFX")
    if not certificate:
        return None
    signtool = shutil.which("signtool") or os.environ.get("REGIODESK_SIGNTOOL")
    if not signtool:
        raise Missing("REGIODESK_SIGN_PFX is set but signtool.exe is not found (Windows SDK)")
    timestamp = os.environ.get("REGIODESK_SIGN_TIMESTAMP_URL", "")
    parts = [f'"{signtool}" sign /fd sha256 /f "{certificate}"']
    if os.environ.get("REGIODESK_SIGN_PASSWORD"):
        parts.append('/p "{}"'.format(os.environ["REGIODESK_SIGN_PASSWORD"]))
    if timestamp:
        parts.append(f'/tr "{timestamp}" /td sha256')
    parts.append("$f")
    return " ".join(parts)


def build_windows(folder: Path, icons: Path, version: str, out: Path) -> Path:
    iscc = find_iscc()
    sign = signtool_command()
    out.mkdir(parents=True, exist_ok=True)
    command: list[str | Path] = [
        iscc,
        f"/DAppVersion={version}",
        # Windows' version fields take numbers only (0.2.0rc1 -> 0.2.0).
        "/DAppNumericVersion=" + ".".join([*re.findall(r"\d+", version), "0", "0"][:3]),
        f"/DSourceDir={folder}",
        f"/DIconFile={icons / 'regiodesk.ico'}",
        f"/DOutputDir={out}",
    ]
    if sign:
        # Inno Setup signs the programs it packs, the uninstaller and the setup itself.
        command += ["/DSign", f"/Sregiodesk={sign}"]
    else:
        say("REGIODESK_SIGN_PFX is not set: the installer is not signed")
    command.append(PACKAGING / "windows" / "regiodesk.iss")
    run(*command)
    return out / f"RegioDesk-{version}-setup.exe"


# macOS -------------------------------------------------------------------------------------------


def build_macos(version: str, out: Path) -> Path:
    hdiutil = shutil.which("hdiutil")
    if hdiutil is None:
        raise Missing("hdiutil is missing (it exists only on macOS): no .dmg here")
    app = WORK / "dist" / "RegioDesk.app"
    identity = os.environ.get("REGIODESK_MACOS_IDENTITY")
    if identity:
        entitlements = PACKAGING / "macos" / "entitlements.plist"
        run(
            "codesign",
            "--force",
            "--deep",
            "--options",
            "runtime",
            "--timestamp",
            "--entitlements",
            entitlements,
            "--sign",
            identity,
            app,
        )
    else:
        say("REGIODESK_MACOS_IDENTITY is not set: the app is not signed (nor notarisable)")
    stage = WORK / "dmg"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    copy_tree(app, stage / "RegioDesk.app")
    (stage / "Applications").symlink_to("/Applications")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"RegioDesk-{version}.dmg"
    target.unlink(missing_ok=True)
    run(
        hdiutil,
        "create",
        "-volname",
        "RegioDesk",
        "-srcfolder",
        stage,
        "-ov",
        "-format",
        "UDZO",
        target,
    )
    if identity:
        run("codesign", "--timestamp", "--sign", identity, target)
    return target


# Main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where packages go")
    parser.add_argument(
        "--skip-freeze",
        action="store_true",
        help="package the frozen folder of an earlier run (build/installer/dist) again",
    )
    arguments = parser.parse_args(argv)
    version = project_version()
    started = time.perf_counter()
    folder = WORK / "dist" / APP
    if arguments.skip_freeze and folder.is_dir():
        say(f"using the frozen app in {folder.relative_to(ROOT)}")
    else:
        folder = freeze()
    frozen = time.perf_counter()
    icons = WORK / "work" / "icons"
    say(
        f"frozen app: {folder_size(folder) / 1e6:.0f} MB in {folder.relative_to(ROOT)} "
        f"({frozen - started:.0f} s)"
    )

    steps = []
    if sys.platform.startswith("linux"):
        steps = [
            ("Debian package", lambda: build_deb(folder, icons, version, arguments.out)),
            ("portable tarball", lambda: build_tarball(folder, icons, version, arguments.out)),
        ]
        unavailable = [
            "Windows installer (needs Windows and Inno Setup)",
            "macOS .app/.dmg (needs macOS: hdiutil, codesign)",
        ]
    elif sys.platform == "win32":
        steps = [
            ("Windows installer", lambda: build_windows(folder, icons, version, arguments.out))
        ]
        unavailable = [".deb and tarball (need Linux)", "macOS .app/.dmg (needs macOS)"]
    elif sys.platform == "darwin":
        steps = [("macOS disk image", lambda: build_macos(version, arguments.out))]
        unavailable = [".deb and tarball (need Linux)", "Windows installer (needs Windows)"]
    else:
        unavailable = [f"any installer: {sys.platform} is not Linux, Windows or macOS"]

    failed = False
    for title, step in steps:
        try:
            target = step()
        except Missing as missing:
            say(f"CANNOT BUILD the {title}: {missing}")
            failed = True
            continue
        size = target.stat().st_size / 1e6 if target.exists() else 0.0
        say(f"{title}: {target} ({size:.0f} MB)")
    for text in unavailable:
        say(f"not on this platform: {text}")
    say(f"done in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
