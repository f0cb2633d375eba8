#!/usr/bin/env python3
"""Build the conference site. Run `python build.py --help` for the commands."""

import sys

from confsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
