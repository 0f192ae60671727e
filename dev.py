#!/usr/bin/env python3
"""Set up RegioDesk's environment from the lock file and run it, or run every check.

    python3 dev.py run [ARGS]    set up, then start RegioDesk (ARGS go to the program)
    python3 dev.py test [ARGS]   set up, then run lint, the import contract, type checks and all
                                 tests (ARGS go to pytest)
    python3 dev.py setup         only set up

Setting up makes ``.venv`` (once), installs uv into it, and installs the exact versions of
``uv.lock`` with ``uv sync --locked``.  It is skipped when neither the lock file nor
``pyproject.toml`` changed since the last time.  Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".regiodesk-setup"
UV_REQUIREMENT = "uv>=0.9,<1"
MINIMUM_PYTHON = (3, 11)


def say(text: str) -> None:
    print(f"dev.py: {text}", file=sys.stderr, flush=True)


def run(*command: str | Path, check: bool = True) -> int:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, check=False)
    if check and completed.returncode != 0:
        say(f"failed ({completed.returncode}): {' '.join(str(part) for part in command)}")
        sys.exit(completed.returncode)
    return completed.returncode


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("uv.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def setup() -> None:
    if sys.version_info < MINIMUM_PYTHON:
        say(f"RegioDesk needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer.")
        sys.exit(1)
    if not PYTHON.exists():
        say("making the virtual environment .venv")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as error:
            say(f"cannot make .venv ({error}); on Debian or Ubuntu: apt install python3-venv")
            sys.exit(1)
    if STAMP.exists() and STAMP.read_text() == fingerprint():
        return
    uv = BIN / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        say("installing uv into .venv")
        run(PYTHON, "-m", "pip", "install", "--quiet", UV_REQUIREMENT)
    say("installing the locked dependencies (uv sync --locked)")
    environment = dict(os.environ, VIRTUAL_ENV=str(VENV), UV_PROJECT_ENVIRONMENT=str(VENV))
    completed = subprocess.run(
        # Bytecode compiled now, once: the app starts faster, also where Python may not write it.
        [str(uv), "sync", "--locked", "--inexact", "--quiet", "--compile-bytecode"],
        cwd=ROOT,
        env=environment,
        check=False,
    )
    if completed.returncode != 0:
        say("uv sync failed; see the message above")
        sys.exit(completed.returncode)
    run(PYTHON, "-m", "compileall", "-q", "regiodesk", "ui")
    STAMP.write_text(fingerprint())


def checks(pytest_arguments: list[str]) -> int:
    steps: list[tuple[str, list[str | Path]]] = [
        ("lint (ruff)", [BIN / "ruff", "check", "."]),
        ("format (ruff)", [BIN / "ruff", "format", "--check", "."]),
        ("import contract (import-linter)", [BIN / "lint-imports"]),
        ("types of the core (mypy)", [BIN / "mypy"]),
        ("tests (pytest)", [PYTHON, "-m", "pytest", *pytest_arguments]),
    ]
    failed = []
    for title, command in steps:
        say(title)
        if run(*command, check=False) != 0:
            failed.append(title)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    say("all checks passed")
    return 0


def start(arguments: list[str]) -> int:
    program = BIN / ("regiodesk.exe" if os.name == "nt" else "regiodesk")
    return subprocess.run([str(program), *arguments], cwd=ROOT, check=False).returncode


def main() -> int:
    command, *rest = sys.argv[1:] or ["run"]
    if command not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    setup()
    if command == "test":
        return checks(rest)
    if command == "run":
        return start(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
