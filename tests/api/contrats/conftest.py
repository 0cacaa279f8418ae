import pytest


@pytest.fixture(autouse=True)
def _socles_de_test(request):
    """As tests/contrats/conftest.py: the socles are the tests' own (rolled back afterwards)."""
    from contrats.models import SocleDroitsDevoirs

    request.getfixturevalue("db")
    SocleDroitsDevoirs.objects.all().delete()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
