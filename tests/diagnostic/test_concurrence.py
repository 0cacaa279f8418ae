"""Two people saving the same section at once: one wins, the other gets the conflict.

Real commits on separate connections (one per thread): ``base_validee`` rather than
``transactional_db``, whose teardown would empty the reference tables for the tests
that follow; the rows committed here are deleted at the end.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from diagnostic import actions
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = [pytest.mark.no_django_db]


@pytest.fixture
def situation(base_validee):
    org = OrganisationFactory()
    redacteurs = [professionnel(org, Role.CONSEILLER) for _ in range(4)]
    personne = PersonneFactory(organisme_referent=org)
    try:
        yield personne, redacteurs
    finally:
        VersionSection.objects.filter(diagnostic__personne=personne).delete()
        Diagnostic.objects.filter(personne=personne).delete()
        AuditEvent.objects.filter(personne=personne).delete()
        AuditEvent.objects.filter(acting_user__in=redacteurs).delete()
        Personne.objects.filter(pk=personne.pk).delete()
        for user in redacteurs:
            user.memberships.all().delete()
        User.objects.filter(pk__in=[u.pk for u in redacteurs]).delete()
        org.delete()


def _dans_un_fil(cible, resultats, cle):
    def executer():
        try:
            resultats[cle] = cible()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread got
            resultats[cle] = exc
        finally:
            connection.close()

    return threading.Thread(target=executer)


def _enregistrer(personne, user_pk, texte, version_lue):
    # Each thread reads its own objects on its own connection.
    return actions.enregistrer_section(
        Personne.objects.get(pk=personne.pk),
        Section.COMPETENCES,
        acting_user=User.objects.get(pk=user_pk),
        contenu={"savoir_faire": texte},
        version_lue=version_lue,
    )


def test_la_seconde_sauvegarde_attend_la_premiere_puis_recoit_le_conflit(situation):
    personne, (anne, bruno, *_) = situation
    _enregistrer(personne, anne.pk, "Version de départ", 0)
    a_ecrit = threading.Event()
    resultats = {}

    def anne_enregistre_et_tarde_a_valider():
        with transaction.atomic():
            version = _enregistrer(personne, anne.pk, "Texte d'Anne", 1)
            a_ecrit.set()
            time.sleep(0.5)  # Bruno's save starts while Anne's transaction is still open
        return version

    def bruno_enregistre_depuis_la_meme_version():
        a_ecrit.wait(5)
        debut = time.monotonic()
        try:
            return _enregistrer(personne, bruno.pk, "Texte de Bruno", 1)
        finally:
            resultats["attente"] = time.monotonic() - debut

    fils = [
        _dans_un_fil(anne_enregistre_et_tarde_a_valider, resultats, "anne"),
        _dans_un_fil(bruno_enregistre_depuis_la_meme_version, resultats, "bruno"),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(10)

    assert isinstance(resultats["anne"], VersionSection)
    assert resultats["anne"].numero == 2
    conflit = resultats["bruno"]
    assert isinstance(conflit, actions.ConflitDeVersion)
    # Bruno waited for Anne's commit (the lock), then saw her version, not his stale one.
    assert resultats["attente"] >= 0.3
    assert conflit.actuelle.numero == 2
    assert conflit.actuelle.contenu == {"savoir_faire": "Texte d'Anne"}
    assert conflit.actuelle.auteur_id == anne.pk
    contenus = list(
        VersionSection.objects.filter(diagnostic__personne=personne)
        .order_by("numero")
        .values_list("contenu", flat=True)
    )
    assert contenus == [{"savoir_faire": "Version de départ"}, {"savoir_faire": "Texte d'Anne"}]


@pytest.mark.parametrize("version_existante", [False, True])
def test_des_sauvegardes_simultanees_n_ont_qu_un_gagnant(situation, version_existante):
    """Four co-writers press « Enregistrer » at the same instant from the same version,
    including the very first save (the diagnostic row itself does not exist yet)."""
    personne, redacteurs = situation
    version_lue = 0
    if version_existante:
        _enregistrer(personne, redacteurs[0].pk, "Version de départ", 0)
        version_lue = 1
    depart = threading.Barrier(len(redacteurs))
    resultats = {}

    def sauvegarde(user):
        def executer():
            depart.wait(5)
            return _enregistrer(personne, user.pk, f"Texte de {user.pk}", version_lue)

        return executer

    fils = [_dans_un_fil(sauvegarde(user), resultats, user.pk) for user in redacteurs]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(10)

    gagnants = [r for r in resultats.values() if isinstance(r, VersionSection)]
    conflits = [r for r in resultats.values() if isinstance(r, actions.ConflitDeVersion)]
    assert len(gagnants) == 1, resultats
    assert len(conflits) == len(redacteurs) - 1, resultats
    assert all(c.actuelle.pk == gagnants[0].pk for c in conflits)
    assert Diagnostic.objects.filter(personne=personne).count() == 1
    assert VersionSection.objects.filter(diagnostic__personne=personne).count() == version_lue + 1
