#!/usr/bin/env python
import os
import sys

# Commands that only generate or check source files (migrations, message catalogs) serve nobody
# and need no production secrets: they run in development mode unless DEBUG is set.
SOURCE_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SOURCE_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake deserves one line naming it, not a traceback.
        sys.exit(f"配置错误：{exc}")


if __name__ == "__main__":
    main()
