"""Two employers creating the space of the same new SIRET at the same instant: one admin, one request.

Real commits on separate connections (one per thread): ``base_validee`` rather than
``transactional_db``, whose teardown would empty the reference tables for the tests that
follow; the rows committed here are deleted at the end.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from entreprises import comptes
from entreprises.enums import RoleEntreprise, StatutMembre
from entreprises.models import Entreprise, MembreEntreprise
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from tests.entreprises.factories import siret_valide
from tests.factories import UserFactory, commune

pytestmark = [pytest.mark.no_django_db]


@pytest.fixture
def employeurs(base_validee):
    users = [UserFactory(employeur=True) for _ in range(4)]
    siret = siret_valide()
    try:
        yield siret, users
    finally:
        AuditEvent.objects.filter(acting_user__in=users).delete()
        Entreprise.objects.filter(siret=siret).delete()  # the members go with it (CASCADE)
        User.objects.filter(pk__in=[u.pk for u in users]).delete()


def _dans_un_fil(cible, resultats, cle):
    def executer():
        try:
            resultats[cle] = cible()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread got
            resultats[cle] = exc
        finally:
            connection.close()

    return threading.Thread(target=executer)


def _creer(siret, user_pk):
    # Each thread reads its own objects on its own connection.
    return comptes.creer_entreprise(
        User.objects.get(pk=user_pk), siret=siret, nom=f"Entreprise de {user_pk}", commune=commune("59350")
    )


def test_le_second_createur_attend_le_premier_puis_devient_une_demande(employeurs):
    siret, (anne, bruno, *_) = employeurs
    a_cree = threading.Event()
    resultats = {}

    def anne_cree_et_tarde_a_valider():
        with transaction.atomic():
            resultat = _creer(siret, anne.pk)
            a_cree.set()
            time.sleep(0.5)  # Bruno's creation starts while Anne's transaction is still open
        return resultat

    def bruno_cree_le_meme_siret():
        a_cree.wait(5)
        debut = time.monotonic()
        try:
            return _creer(siret, bruno.pk)
        finally:
            resultats["attente"] = time.monotonic() - debut

    fils = [
        _dans_un_fil(anne_cree_et_tarde_a_valider, resultats, "anne"),
        _dans_un_fil(bruno_cree_le_meme_siret, resultats, "bruno"),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(10)

    assert isinstance(resultats["anne"], comptes.Rattachement), resultats["anne"]
    assert isinstance(resultats["bruno"], comptes.Rattachement), resultats["bruno"]
    assert resultats["anne"].entreprise_creee
    assert not resultats["bruno"].entreprise_creee
    # Bruno's insert waited on the unique SIRET until Anne committed, then joined her company.
    assert resultats["attente"] >= 0.3
    entreprise = Entreprise.objects.get(siret=siret)
    assert entreprise.nom == f"Entreprise de {anne.pk}"
    membres = {m.user_id: (m.role, m.statut) for m in MembreEntreprise.objects.filter(entreprise=entreprise)}
    assert membres == {
        anne.pk: (RoleEntreprise.ADMIN, StatutMembre.ACTIF),
        bruno.pk: (RoleEntreprise.RECRUTEUR, StatutMembre.EN_ATTENTE),
    }
    assert Notification.objects.filter(modele="entreprises/compte_demande", destinataire=anne).count() == 1


def test_quatre_createurs_au_meme_instant_un_seul_administrateur(employeurs):
    siret, users = employeurs
    depart = threading.Barrier(len(users))
    resultats = {}

    def creer(user_pk):
        def cible():
            depart.wait(5)
            return _creer(siret, user_pk)

        return cible

    fils = [_dans_un_fil(creer(u.pk), resultats, u.pk) for u in users]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(15)

    assert all(isinstance(r, comptes.Rattachement) for r in resultats.values()), resultats
    assert sum(r.entreprise_creee for r in resultats.values()) == 1
    assert Entreprise.objects.filter(siret=siret).count() == 1
    membres = MembreEntreprise.objects.filter(entreprise__siret=siret)
    assert membres.count() == 4
    admins = membres.filter(role=RoleEntreprise.ADMIN, statut=StatutMembre.ACTIF)
    assert admins.count() == 1
    createur = next(pk for pk, r in resultats.items() if r.entreprise_creee)
    assert admins.get().user_id == createur
    assert membres.filter(statut=StatutMembre.EN_ATTENTE).count() == 3
