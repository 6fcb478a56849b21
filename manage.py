#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    from django.core.management import execute_from_command_line

    from tuijin.lib.context import Source, acting

    # Changes made by a command carry that source in the history and audit log (requests served by
    # runserver set their own in the middleware).
    with acting(Source.COMMAND):
        execute_from_command_line(sys.argv)
