"""Imports run synchronously in tests, and their uploads go to a throwaway media folder."""

import pytest


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path / "media"
