"""The generic ETag / If-Match helpers (francetravail/api_verrou.py): what a tag is, what If-Match must name."""

import pytest
from rest_framework.test import APIRequestFactory

from francetravail.api_verrou import PreconditionEchouee, PreconditionRequise, etag, version_attendue

pytestmark = pytest.mark.no_django_db


def _requete(if_match=None):
    entetes = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return APIRequestFactory().put("/", **entetes)


def test_etag_fort_par_ressource_et_version():
    assert etag("diagnostic-12-sante", 3) == '"diagnostic-12-sante.v3"'
    assert version_attendue(_requete('"diagnostic-12-sante.v3"'), "diagnostic-12-sante") == 3
    assert version_attendue(_requete('"autre.v9", "diagnostic-12-sante.v0"'), "diagnostic-12-sante") == 0


@pytest.mark.parametrize("valeur", [None, "", "*", 'W/"diagnostic-12-sante.v3"'])
def test_sans_tag_fort_precondition_requise(valeur):
    with pytest.raises(PreconditionRequise):
        version_attendue(_requete(valeur), "diagnostic-12-sante")


@pytest.mark.parametrize(
    "valeur",
    [
        '"diagnostic-13-sante.v3"',  # another person's
        '"diagnostic-12-justice.v3"',  # another section
        '"diagnostic-12-sante.v3", "diagnostic-12-sante.v4"',  # two versions: neither is the one current
        "diagnostic-12-sante.v3",  # not quoted
        '"diagnostic-12-sante.v1234567890"',  # beyond any version
    ],
)
def test_tag_d_une_autre_ressource_precondition_echouee(valeur):
    with pytest.raises(PreconditionEchouee):
        version_attendue(_requete(valeur), "diagnostic-12-sante")
