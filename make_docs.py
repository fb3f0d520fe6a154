#!/usr/bin/env python3
"""Build the notices and brochures from data/ into output/ (see README.md, or --help)."""
import sys
from pathlib import Path

from partydocs.cli import main

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
