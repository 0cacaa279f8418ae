"""Names compared by their key (case and accents ignored), through indexes on that key."""

import datetime

from django.db import connection
from django.db.models import Q, Value

from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.models import Personne
from francetravail.personnes.queries import recherche_nationale
from tests.factories import PersonneFactory


def test_la_recherche_nationale_ignore_casse_et_accents_sur_les_deux_noms():
    helene = PersonneFactory(nom_naissance="Lefèvre", nom_usage="Dupré")
    PersonneFactory(nom_naissance="Lefevreux", nom_usage="")
    assert [p["pk"] for p in recherche_nationale(nom="LEFEVRE")] == [helene.pk]
    assert [p["pk"] for p in recherche_nationale(nom=" dupre ")] == [helene.pk]
    assert recherche_nationale(nom="Lefè") == []


def test_la_date_de_naissance_restreint_la_recherche():
    naissance = datetime.date(1985, 3, 2)
    bonne = PersonneFactory(nom_naissance="Martin", date_naissance=naissance)
    PersonneFactory(nom_naissance="Martin", date_naissance=naissance + datetime.timedelta(days=1))
    assert [p["pk"] for p in recherche_nationale(nom="martin", date_naissance=naissance)] == [bonne.pk]


def _plan(qs):
    with connection.cursor() as cursor:
        # A test table is tiny: without this the planner reads it whole whatever the indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return qs.explain()


def test_la_cle_du_nom_est_lue_par_ses_index():
    cle = CleNom(Value("Lefèvre"))
    par_naissance = Personne.objects.alias(c=CleNom("nom_naissance")).filter(
        c=cle, date_naissance=datetime.date(1985, 3, 2)
    )
    assert "personne_cle_naissance_idx" in _plan(par_naissance)
    par_usage = Personne.objects.alias(c=CleNom("nom_usage")).filter(Q(c=cle) & ~Q(nom_usage=""))
    assert "personne_cle_usage_idx" in _plan(par_usage)
