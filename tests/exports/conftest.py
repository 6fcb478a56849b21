"""Export jobs run synchronously in tests, and their files go to a throwaway media folder."""

import pytest


@pytest.fixture(autouse=True)
def _exports_inline(settings, tmp_path):
    settings.EXPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path / "media"
