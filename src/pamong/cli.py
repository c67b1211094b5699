"""The ``pamong`` operator command: Django's management commands with hyphenated names.

``pamong run``, ``pamong demo-data``, ``pamong ai list --json``, ``pamong eval KEY --csv F``,
``pamong catalog export F``; any other Django command works too (``pamong migrate``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pamong", *argv[1:]])


if __name__ == "__main__":
    main()
