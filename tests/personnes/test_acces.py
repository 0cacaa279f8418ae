"""The access gate for a person's file: each rule, each refusal, and the access log."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.reseau.enums import Role
from tests.factories import (
    ImplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonneFactory,
    UserFactory,
    professionnel,
)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _lit(user, personne):
    return acces_personne(_request(user), personne.pk, partie=PartieDossier.SYNTHESE)


def test_le_conseiller_de_l_organisme_referent_voit_la_personne_et_la_lecture_est_journalisee():
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    personne = PersonneFactory(organisme_referent=agence)

    assert _lit(conseiller, personne) == personne

    log = JournalAcces.objects.get()
    assert (log.user, log.personne, log.organisation, log.partie, log.canal) == (
        conseiller,
        personne,
        agence,
        PartieDossier.SYNTHESE,
        Canal.WEB,
    )


def test_un_conseiller_d_une_autre_organisation_recoit_un_404_sans_journal():
    personne = PersonneFactory()
    autre = professionnel(OrganisationFactory())

    with pytest.raises(Http404):
        _lit(autre, personne)
    assert not JournalAcces.objects.exists()


def test_un_identifiant_inconnu_et_un_refus_sont_le_meme_404():
    conseiller = professionnel()
    for pk in (999_999_999, "abc", None):
        with pytest.raises(Http404):
            acces_personne(_request(conseiller), pk, partie=PartieDossier.SYNTHESE)


def test_une_organisation_impliquee_voit_le_dossier_tant_que_l_implication_est_active():
    conseil = OrganisationFactory(conseil_departemental=True, departement_id="62")
    travailleur_social = professionnel(conseil, role=Role.TRAVAILLEUR_SOCIAL)
    implication = ImplicationFactory(organisation=conseil)

    assert _lit(travailleur_social, implication.personne) == implication.personne
    assert JournalAcces.objects.get().organisation == conseil

    implication.fin = timezone.now()
    implication.save()
    travailleur_social = type(travailleur_social).objects.get(pk=travailleur_social.pk)  # new request, no cache
    with pytest.raises(Http404):
        _lit(travailleur_social, implication.personne)


def test_une_implication_future_n_ouvre_pas_encore_l_acces():
    conseil = OrganisationFactory(conseil_departemental=True)
    ts = professionnel(conseil, role=Role.TRAVAILLEUR_SOCIAL)
    implication = ImplicationFactory(organisation=conseil, debut=timezone.now() + timezone.timedelta(days=1))
    with pytest.raises(Http404):
        _lit(ts, implication.personne)


@pytest.mark.parametrize("role", [Role.DECIDEUR_DEPARTEMENTAL, Role.EQUIPE_PLURIDISCIPLINAIRE])
def test_le_personnel_departemental_voit_son_departement_et_pas_un_autre(role):
    conseil_nord = OrganisationFactory(conseil_departemental=True, departement_id="59")
    agent = professionnel(conseil_nord, role=role)
    au_nord = PersonneFactory()  # commune 59350 (Lille)
    au_pas_de_calais = PersonneFactory(commune_id="62041")

    assert _lit(agent, au_nord) == au_nord
    with pytest.raises(Http404):
        _lit(agent, au_pas_de_calais)
    assert set(personnes_visibles(agent)) == {au_nord}


@pytest.mark.parametrize("role", [Role.PILOTE, Role.ADMIN_ORGANISATION])
def test_pilote_et_admin_d_organisation_ne_lisent_aucun_dossier_meme_de_leur_organisation(role):
    agence = OrganisationFactory()
    user = professionnel(agence, role=role)
    personne = PersonneFactory(organisme_referent=agence)
    with pytest.raises(Http404):
        _lit(user, personne)
    assert not personnes_visibles(user).exists()


def test_le_mediateur_ne_voit_que_les_dossiers_ou_son_organisation_est_impliquee():
    mediation = OrganisationFactory()
    mediateur = professionnel(mediation, role=Role.MEDIATEUR)
    referent_de_sa_propre_organisation = PersonneFactory(organisme_referent=mediation)
    implique = ImplicationFactory(organisation=mediation).personne

    assert _lit(mediateur, implique) == implique
    with pytest.raises(Http404):
        _lit(mediateur, referent_de_sa_propre_organisation)


def test_un_rattachement_retire_ou_une_organisation_inactive_ferment_l_acces():
    agence = OrganisationFactory()
    membership = MembershipFactory(organisation=agence)
    personne = PersonneFactory(organisme_referent=agence)
    membership.actif = False
    membership.save()
    with pytest.raises(Http404):
        _lit(type(membership.user).objects.get(pk=membership.user_id), personne)

    membership.actif = True
    membership.save()
    agence.actif = False
    agence.save()
    with pytest.raises(Http404):
        _lit(type(membership.user).objects.get(pk=membership.user_id), personne)


def test_la_personne_voit_son_propre_dossier_sans_se_journaliser_et_pas_celui_des_autres():
    personne = PersonneFactory(avec_compte=True)
    autre = PersonneFactory(avec_compte=True)

    assert _lit(personne.user, personne) == personne
    assert not JournalAcces.objects.exists()
    with pytest.raises(Http404):
        _lit(personne.user, autre)


def test_un_employeur_ne_voit_aucun_dossier():
    employeur = UserFactory(employeur=True)
    personne = PersonneFactory()
    with pytest.raises(Http404):
        _lit(employeur, personne)
    assert not personnes_visibles(employeur).exists()


def test_la_liste_et_la_fiche_appliquent_la_meme_regle():
    agence, conseil = OrganisationFactory(), OrganisationFactory(conseil_departemental=True, departement_id="62")
    conseiller = professionnel(agence)
    MembershipFactory(user=conseiller, organisation=conseil, role=Role.TRAVAILLEUR_SOCIAL)
    suivies = [PersonneFactory(organisme_referent=agence) for _ in range(2)]
    impliquee = ImplicationFactory(organisation=conseil).personne
    PersonneFactory()  # someone else's
    PersonneFactory(commune_id="62041")  # in 62, but the conseiller is not departmental staff

    visibles = set(personnes_visibles(conseiller))
    assert visibles == {*suivies, impliquee}
    for personne in visibles:
        assert _lit(conseiller, personne) == personne


class TestFranceTravailOrienteLesPersonnesSansOrganismeReferent:
    """France Travail orients everyone who is not a bRSA (L5411-5-1 II): its conseillers see
    the people of their agency's département who have no organisme référent yet."""

    def _monde(self):
        from francetravail.personnes.acces import organisation_donnant_acces, personnes_visibles
        from francetravail.reseau.enums import Role

        agence_59 = OrganisationFactory(departement_id="59")
        conseiller = professionnel(agence_59, Role.CONSEILLER)
        return agence_59, conseiller, organisation_donnant_acces, personnes_visibles

    def test_une_personne_du_departement_en_attente_d_orientation_est_visible(self):
        agence, conseiller, donnant_acces, visibles = self._monde()
        personne = PersonneFactory(organisme_referent=None)  # commune 59350 (Lille)
        assert donnant_acces(conseiller, personne) == agence.pk
        assert personne in visibles(conseiller)

    def test_pas_d_un_autre_departement_ni_une_fois_orientee_ailleurs(self):
        from tests.factories import commune

        _agence, conseiller, donnant_acces, visibles = self._monde()
        ailleurs = PersonneFactory(organisme_referent=None, commune=commune("75056"))
        orientee = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="59"))
        for personne in (ailleurs, orientee):
            assert donnant_acces(conseiller, personne) is None
            assert personne not in visibles(conseiller)

    def test_pas_pour_une_mission_locale_ni_pour_un_mediateur(self):
        from francetravail.personnes.acces import organisation_donnant_acces
        from francetravail.reseau.enums import Role

        personne = PersonneFactory(organisme_referent=None)
        ml = OrganisationFactory(mission_locale=True, departement_id="59")
        for user in (
            professionnel(ml, Role.CONSEILLER),
            professionnel(OrganisationFactory(departement_id="59"), Role.MEDIATEUR),
        ):
            assert organisation_donnant_acces(user, personne) is None
