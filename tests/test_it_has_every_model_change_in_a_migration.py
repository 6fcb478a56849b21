"""A model change without its migration works on the developer's machine and breaks every other database."""

import io

from django.core.management import call_command


def test_it_has_every_model_change_in_a_migration(db):
    output = io.StringIO()

    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit as missing:
        raise AssertionError(f"模型改动缺少迁移文件：\n{output.getvalue()}") from missing

    assert "No changes detected" in output.getvalue()
