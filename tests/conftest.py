"""Shared fixtures: the project root, the shipped catalog, and a hypothesis profile for CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from ntm.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The catalog shipped with the product (do not mutate: use ``fresh_catalog``)."""
    return load_catalog()


@pytest.fixture
def fresh_catalog() -> Catalog:
    """A catalog a test may add sets to."""
    return load_catalog()
