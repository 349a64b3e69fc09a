"""The shared services the ``services`` tests need, named by the environment (site/redis.sh, site/s3.sh).
Outside CI a missing one skips the test; in CI (``CI=true``) it fails."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(variable: str, script: str) -> str:
    value = os.environ.get(variable, "")
    if not value:
        if IN_CI:
            pytest.fail(f"{variable} is not set: CI must run the shared-services tests on real servers")
        pytest.skip(f"needs {variable} (see {script})")
    return value
