"""The environment the suite runs in, set before Django reads its settings (loaded by ``-p`` in pyproject.toml).

Production is the settings' default and refuses to start without a secret key, and CI gives nothing but
CI=true: the suite makes a fresh random key for each run rather than use one written down anywhere.
pytest-django reads the settings before any conftest.py is imported, hence a plugin.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
