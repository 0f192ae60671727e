"""What the frozen app bundles, and the licence texts of all of it.

    .venv/bin/python packaging/components.py OUT_FOLDER

collects into ``OUT_FOLDER`` one folder per bundled distribution (RegioDesk's runtime
requirements, followed through their own requirements) with that distribution's licence files as
its metadata lists them, the Python interpreter's licence, and ``THIRD-PARTY-LICENSES.txt``: one
entry per component with its version, licence expression and where its texts are.

A distribution that ships no licence file gets the text of its licence from the system's
``/usr/share/common-licenses`` where that folder has it (Debian-based build machines); otherwise
the summary names the licence and says that the distribution ships no text.

The PyInstaller spec imports this module too, for the list of distributions whose metadata the
frozen app needs (``importlib.metadata`` gives the version and the licences of the About box).
"""

from __future__ import annotations

import re
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
APP_DISTRIBUTION = "regiodesk"
LICENCE_FILE = re.compile(
    r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)[^/]*$", re.IGNORECASE
)
COMMON_LICENCES = Path("/usr/share/common-licenses")
#: SPDX identifiers and the file in ``/usr/share/common-licenses`` that holds the same text.
COMMON_LICENCE_FILES = {
    "LGPL-3.0-only": "LGPL-3",
    "LGPL-3.0-or-later": "LGPL-3",
    "GPL-2.0-only": "GPL-2",
    "GPL-3.0-only": "GPL-3",
    "Apache-2.0": "Apache-2.0",
    "MPL-2.0": "MPL-2.0",
}


def runtime_distributions(root: str = APP_DISTRIBUTION) -> list[metadata.Distribution]:
    """``root`` and everything it requires on this platform (no extras), each once."""
    environment = {key: str(value) for key, value in default_environment().items()}
    seen: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = canonicalize_name(pending.pop())
        if name in seen:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed here
        seen[name] = distribution
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate(
                {**environment, "extra": ""}
            ):
                continue
            pending.append(requirement.name)
    return sorted(seen.values(), key=lambda found: canonicalize_name(found.metadata["Name"]))


def licence_expression(distribution: metadata.Distribution) -> str:
    meta = distribution.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        value.split(" :: ")[-1]
        for value in meta.get_all("Classifier") or []
        if value.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    lines = (meta.get("License") or "").strip().splitlines()
    return lines[0][:80] if lines else "unknown"


def licence_files(distribution: metadata.Distribution) -> list[Path]:
    """The licence files that the distribution's RECORD lists (in its .dist-info, mostly)."""
    found = []
    for entry in distribution.files or []:
        if LICENCE_FILE.search(str(entry)) and not str(entry).endswith((".py", ".pyc")):
            path = Path(str(entry.locate()))
            if path.is_file():
                found.append(path)
    return found


def _python_licence() -> Path | None:
    for folder in (sysconfig.get_paths()["stdlib"], Path(sys.base_prefix) / "lib"):
        candidate = Path(folder) / "LICENSE.txt"
        if candidate.is_file():
            return candidate
    return None


def collect_licences(folder: Path) -> Path:
    """Write the licence texts into ``folder``; returns the summary file."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "RegioDesk bundles the components below. Each folder beside this file holds the licence",
        "texts that the component ships.",
        "",
    ]
    own = ROOT / "LICENSE"
    if own.is_file():
        (folder / "RegioDesk-LICENSE.txt").write_bytes(own.read_bytes())
    for distribution in runtime_distributions():
        name = str(distribution.metadata["Name"])
        version = distribution.version
        expression = licence_expression(distribution)
        if canonicalize_name(name) == APP_DISTRIBUTION:
            where = "RegioDesk-LICENSE.txt" if own.is_file() else "(no LICENSE file in the source)"
            lines.append(f"{name} {version}: {expression}; {where}")
            continue
        target = folder / f"{name}-{version}"
        target.mkdir(exist_ok=True)
        copied = []
        for path in licence_files(distribution):
            destination = target / path.name
            number = 1
            while destination.exists():  # two files of one name (vendored parts' LICENSE files)
                number += 1
                destination = target / f"{path.parent.name}-{number}-{path.name}"
            destination.write_bytes(path.read_bytes())
            copied.append(destination.name)
        if not copied:
            for identifier, common in COMMON_LICENCE_FILES.items():
                if identifier in expression and (COMMON_LICENCES / common).is_file():
                    (target / f"{identifier}.txt").write_bytes(
                        (COMMON_LICENCES / common).read_bytes()
                    )
                    copied.append(f"{identifier}.txt")
        where = ", ".join(f"{target.name}/{file}" for file in copied) or "ships no licence text"
        lines.append(f"{name} {version}: {expression}; {where}")
    python_licence = _python_licence()
    python = f"Python {sys.version.split()[0]}"
    if python_licence is not None:
        (folder / "Python-LICENSE.txt").write_bytes(python_licence.read_bytes())
        lines.append(f"{python}: PSF-2.0; Python-LICENSE.txt")
    else:
        lines.append(f"{python}: PSF-2.0; ships no licence text on this machine")
    summary = folder / "THIRD-PARTY-LICENSES.txt"
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(collect_licences(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
