"""A client's technical account acts in its organisation's files, but is nobody one chooses, names or
tells: it appears in no list or choice of professionals (``MembershipQuerySet.sans_comptes_techniques``)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.partenaires.factories import client_api


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def humains_et_logiciels(agence):
    humains = {
        professionnel(agence, role=Role.CONSEILLER),
        professionnel(agence, role=Role.ADMIN_ORGANISATION),
        professionnel(agence, role=Role.RESPONSABLE_EQUIPE),
    }
    logiciels = {
        client_api(agence, role=role, portees=[]).compte
        for role in (Role.CONSEILLER, Role.ADMIN_ORGANISATION, Role.RESPONSABLE_EQUIPE, Role.MEDIATEUR)
    }
    return humains, logiciels


def _ids(users):
    return {getattr(u, "pk", u) for u in users}


def _aucun_logiciel(resultat, logiciels, *, au_moins_un_humain=True):
    ids = _ids(resultat)
    assert not ids & _ids(logiciels), "un compte technique est proposé comme professionnel"
    if au_moins_un_humain:
        assert ids, "la liste est vide : le test ne prouve rien"


def test_membres_de_l_organisation(client, agence, humains_et_logiciels):
    from francetravail.reseau.queries import rattachements_de

    humains, logiciels = humains_et_logiciels
    _aucun_logiciel([m.user for m in rattachements_de(agence)], logiciels)
    admin = next(u for u in humains if u.memberships.get().role == Role.ADMIN_ORGANISATION)
    client.force_login(admin)
    page = client.get(reverse("backoffice:membres", kwargs={"pk": agence.pk})).content.decode()
    assert not any(compte.email in page for compte in logiciels)


def test_administrateurs_prevenus(agence, humains_et_logiciels):
    from francetravail.reseau.actions import _administrateurs

    _aucun_logiciel(_administrateurs([agence.pk]), humains_et_logiciels[1])


def test_referents_designables_et_equipe(agence, humains_et_logiciels):
    from francetravail.referents.acces import designables
    from francetravail.referents.queries import equipe

    _aucun_logiciel(designables(agence.pk), humains_et_logiciels[1])
    _aucun_logiciel(equipe(agence.pk), humains_et_logiciels[1])


def test_charge_de_l_equipe(agence, humains_et_logiciels):
    from francetravail.accompagnement.queries import charge_equipe

    _modalites, _objectifs, lignes = charge_equipe(agence)
    _aucun_logiciel([ligne.conseiller for ligne in lignes], humains_et_logiciels[1])


def test_conseillers_des_agendas(agence, humains_et_logiciels):
    from francetravail.rendezvous.actions_agendas import membres_agenda

    _aucun_logiciel(membres_agenda(agence.pk), humains_et_logiciels[1])


def test_professionnels_invitables_et_destinataires_d_une_invitation(agence, humains_et_logiciels):
    from francetravail.personnes.notifications import destinataires_invitation
    from francetravail.personnes.queries import professionnels_invitables

    _aucun_logiciel(professionnels_invitables([agence]), humains_et_logiciels[1])
    implication = SimpleNamespace(professionnel_id=None, organisation_id=agence.pk)
    _aucun_logiciel(destinataires_invitation(implication), humains_et_logiciels[1])


def test_destinataires_d_un_message_et_d_un_transfert(agence, humains_et_logiciels):
    from francetravail.messagerie.notifications import destinataires_professionnels
    from orientation.actions import _destinataires_transfert

    personne = PersonneFactory(organisme_referent=agence)
    _aucun_logiciel(destinataires_professionnels(personne), humains_et_logiciels[1])
    _aucun_logiciel(_destinataires_transfert(agence, None), humains_et_logiciels[1])


def test_decideurs_prevenus_d_une_procedure():
    from sanctions.balayage import decideurs
    from sanctions.enums import Public

    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL)
    logiciel = client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL, portees=[])
    procedure = SimpleNamespace(
        organisation_decisionnaire=cd,
        public=Public.RSA,
        personne=SimpleNamespace(referent_unique_id=None),
        manquement=SimpleNamespace(signale_par_id=None),
    )
    _aucun_logiciel(decideurs(procedure), {logiciel.compte})


def test_referent_d_une_entreprise():
    from entreprises.comptes import choisir_referent

    agence = OrganisationFactory(departement_id="62")
    logiciel = client_api(agence, role=Role.CONSEILLER, portees=[])
    conseiller, _ = choisir_referent("62")
    assert conseiller is None  # the agency's only « conseiller » is software: nobody to designate
    humain = professionnel(agence, role=Role.CONSEILLER)
    assert choisir_referent("62")[0] == humain
    assert logiciel.compte != humain
