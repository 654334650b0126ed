"""One headless Chromium for every browser test of the session."""
from __future__ import annotations

import pytest
from harness import launch, missing_reason


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped with the reason when it or the
    npm assets are missing (.ci/run installs both)."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()
