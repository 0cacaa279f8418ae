import pytest


@pytest.fixture(autouse=True)
def _socles_de_test(request):
    """The contract tests write the socles they assert on (texts, version numbers): the first
    socles published by migration contrats/0004 are removed inside the test's transaction,
    which is rolled back afterwards. Tests that commit for real (``no_django_db``) keep them."""
    if "no_django_db" in request.keywords:
        return
    from contrats.models import SocleDroitsDevoirs

    request.getfixturevalue("db")
    SocleDroitsDevoirs.objects.all().delete()
