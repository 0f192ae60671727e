"""Entry point of the frozen command-line tool (PyInstaller runs this file as ``__main__``)."""

import sys

from regiodesk.cli.main import main

sys.exit(main())
