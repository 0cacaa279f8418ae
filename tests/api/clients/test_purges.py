"""Daily purges on beat: idempotency rows older than 24 hours (in batches), expired OAuth2 tokens."""

from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken

from francetravail.beat import BEAT_SCHEDULE
from francetravail.partenaires.models import RequeteIdempotente
from tests.partenaires.factories import client_api, jeton


def _requete(compte, cle, age):
    return RequeteIdempotente.objects.create(
        compte=compte,
        cle=cle,
        methode="POST",
        chemin="/api/v1/x/",
        empreinte="0" * 64,
        statut_http=201,
        reponse={},
        cree_le=timezone.now() - age,
    )


def test_les_requetes_idempotentes_de_plus_de_24_heures_sont_purgees_par_lots():
    from francetravail.partenaires.tasks import purger_requetes_idempotentes

    compte = client_api().compte
    vieilles = [_requete(compte, f"vieille-{i}", timedelta(hours=24, seconds=30)) for i in range(5)]
    limite = _requete(compte, "presque", timedelta(hours=23, minutes=59))
    recente = _requete(compte, "recente", timedelta(minutes=5))

    assert purger_requetes_idempotentes(taille_lot=2) == 5  # three batches of at most 2

    assert not RequeteIdempotente.objects.filter(pk__in=[r.pk for r in vieilles]).exists()
    assert set(RequeteIdempotente.objects.values_list("pk", flat=True)) == {limite.pk, recente.pk}


def test_les_jetons_expires_sont_purges_les_valides_gardes():
    from francetravail.partenaires.tasks import purger_jetons_expires

    logiciel = client_api()
    expire = jeton(logiciel, expire_dans=timedelta(seconds=-5))
    valide = jeton(logiciel, expire_dans=timedelta(minutes=5))

    purger_jetons_expires()

    assert set(AccessToken.objects.values_list("token", flat=True)) == {valide}
    assert expire != valide


def test_les_purges_sont_planifiees_chaque_nuit():
    from francetravail.celery import app as celery_app

    celery_app.loader.import_default_modules()
    for nom, tache in (
        ("partenaires-purger-requetes-idempotentes", "francetravail.partenaires.tasks.purger_requetes_idempotentes"),
        ("partenaires-purger-jetons-expires", "francetravail.partenaires.tasks.purger_jetons_expires"),
    ):
        entree = BEAT_SCHEDULE[nom]
        assert entree["task"] == tache and tache in celery_app.tasks
        assert entree["schedule"].hour == {3} and len(entree["schedule"].minute) == 1, nom
