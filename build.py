#!/usr/bin/env python3
"""Build the conference site. Run `python build.py --help` for the commands."""

import sys

try:
    from confsite.cli import main
except ModuleNotFoundError as missing:  # a Python without the project's libraries (not the .venv)
    if (missing.name or "").split(".")[0] == "confsite":  # the project's own code: no library to install
        raise
    print(f"error: this Python ({sys.executable}) lacks the library {missing.name!r} that the site needs.\n"
          "  hint: run the commands with the project's own Python, .venv/bin/python build.py …, after the "
          "README's set-up command (or activate it first: source .venv/bin/activate)", file=sys.stderr)
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main())
