import pytest


@pytest.fixture(scope="session")
def gazetteer():
    """The real gazetteer, loaded once for the extraction tests."""
    from gazetteer import Gazetteer

    return Gazetteer.load()
