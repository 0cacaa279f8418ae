"""The back-office pages: invite one person, invite a filtered list (choose, confirm, follow the lot), the
lots, the callback requests; refusals are 404 and change nothing."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.invitations import actions
from francetravail.invitations.enums import CanalInvitation as C
from francetravail.invitations.enums import StatutDemandeRappel
from francetravail.invitations.models import DemandeRappel, Invitation, LotInvitations
from francetravail.rendezvous.enums import Motif
from francetravail.reseau.enums import Role
from inscription.enums import Canal
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve

ORIENTATION = Motif.ENTRETIEN_ORIENTATION


def _choix(org, canaux=C.values, prefixe=""):
    return {f"{prefixe}motif": ORIENTATION, f"{prefixe}organisation": org.pk, f"{prefixe}canaux": list(canaux)}


def test_inviter_une_personne_depuis_ses_rendez_vous(client, personne, conseiller, org):
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})).content.decode()
    url = reverse("backoffice:inviter_personne", kwargs={"pk": personne.pk})
    assert url in page
    formulaire = client.get(url).content.decode()
    assert "Canaux possibles" in formulaire and "+33601020304" in formulaire
    reponse = client.post(url, _choix(org, [C.EMAIL, C.SMS]))
    assert reponse.status_code == 302
    invitation = Invitation.objects.get(personne=personne)
    assert invitation.canaux == [C.EMAIL, C.SMS] and invitation.created_by == conseiller


def test_la_limite_des_15_jours_est_montree(client, personne, conseiller):
    from tests.contrats.factories import orientation_notifiee

    orientation_notifiee(personne, notifiee_le=timezone.now() - timedelta(days=3))
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:inviter_personne", kwargs={"pk": personne.pk})).content.decode()
    assert "limite-15-jours" in page and "12 jours" not in page and "15 jours après la notification" in page


def test_le_refus_de_l_action_s_affiche_sur_le_formulaire(client, org, conseiller):
    injoignable = PersonneFactory(organisme_referent=org, email="", telephone="", adresse="")
    client.force_login(conseiller)
    reponse = client.post(reverse("backoffice:inviter_personne", kwargs={"pk": injoignable.pk}), _choix(org))
    assert reponse.status_code == 200 and "Aucun moyen de la joindre" in reponse.content.decode()
    assert not Invitation.objects.exists()


def test_refus_404_pour_qui_ne_lit_pas_le_dossier_ou_ne_travaille_pas_d_agenda(client, personne, org):
    intrus = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    client.force_login(intrus)
    url = reverse("backoffice:inviter_personne", kwargs={"pk": personne.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, _choix(org)).status_code == 404
    admin = professionnel(org, Role.ADMIN_ORGANISATION)
    client.force_login(admin)
    assert client.post(url, _choix(org)).status_code == 404
    assert client.get(reverse("backoffice:inviter_liste")).status_code == 404
    assert not Invitation.objects.exists()


def _arrive_par_le_flux(org, jours=1, **kwargs):
    personne = PersonneFactory(organisme_referent=org, **kwargs)
    dossier = dossier_complet(personne, canal=Canal.FLUX_CAF_MSA)
    type(dossier).objects.filter(pk=dossier.pk).update(created_at=timezone.now() - timedelta(days=jours))
    return personne


def test_le_filtre_des_brsa_arrives_par_le_flux_depuis_7_jours_sans_rendez_vous(client, org, conseiller):
    recent = _arrive_par_le_flux(org, jours=6)
    ancien = _arrive_par_le_flux(org, jours=8)
    avec_rdv = _arrive_par_le_flux(org, jours=2)
    rdv_reserve(avec_rdv, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(2)))
    guichet = PersonneFactory(organisme_referent=org)
    dossier_complet(guichet)
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes"), {"arrivee_flux": "7j_sans_rdv"}).content.decode()
    assert recent.nom_complet in page
    for absent in (ancien, avec_rdv, guichet):
        assert absent.nom_complet not in page
    assert "Inviter les 1 personne de cette liste" in page
    page = client.get(reverse("backoffice:personnes"), {"arrivee_flux": "7j"}).content.decode()
    assert recent.nom_complet in page and avec_rdv.nom_complet in page and ancien.nom_complet not in page


def test_inviter_une_liste_filtree_choisir_confirmer_suivre(client, org, conseiller):
    arrives = [_arrive_par_le_flux(org) for _ in range(3)]
    injoignable = _arrive_par_le_flux(org, email="", telephone="", adresse="")
    _arrive_par_le_flux(org, jours=10)  # not in the list
    liste = urlencode({"arrivee_flux": "7j_sans_rdv"})
    client.force_login(conseiller)
    url = reverse("backoffice:inviter_liste")
    choix = client.get(url, {"liste": liste}).content.decode()
    assert "Inviter les 4 personnes de cette liste" in choix
    assert "Bénéficiaires du RSA par le flux CAF/MSA : Arrivés depuis 7 jours, sans premier rendez-vous" in choix
    recapitulatif = client.get(url, {"liste": liste, **_choix(org, prefixe="inv-")}).content.decode()
    assert "3 personnes invitées, 1 non invitée" in recapitulatif
    assert injoignable.nom_complet in recapitulatif and "Aucun moyen de la joindre" in recapitulatif
    assert not LotInvitations.objects.exists()  # the confirmation page writes nothing
    reponse = client.post(url, {"liste": liste, **_choix(org, prefixe="inv-")})
    lot = LotInvitations.objects.get()
    assert reponse.url == reverse("backoffice:lot_invitations", kwargs={"pk": lot.pk})
    assert sorted(lot.personnes) == sorted([p.pk for p in [*arrives, injoignable]])
    assert "flux CAF/MSA" in lot.origine
    en_cours = client.get(reponse.url).content.decode()
    assert "data-lot-en-cours" in en_cours and "lot_invitations.js" in en_cours
    actions.traiter_lot(lot.pk)  # what the worker does (tests/invitations/test_lot_worker.py: the real one)
    termine = client.get(reponse.url).content.decode()
    assert "3 personnes invitées, 1 non invitée" in termine and "data-lot-en-cours" not in termine
    assert injoignable.nom_complet in termine
    assert str(lot.created_at.year) in client.get(reverse("backoffice:lots_invitations")).content.decode()


def test_le_lot_d_une_autre_organisation_est_un_404(client, org, conseiller, personnes):
    lot = actions.inviter_en_masse(
        [p.pk for p in personnes],
        motif=ORIENTATION,
        organisation=org,
        canaux=C.values,
        origine="",
        acting_user=conseiller,
    )
    intrus = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    client.force_login(intrus)
    assert client.get(reverse("backoffice:lot_invitations", kwargs={"pk": lot.pk})).status_code == 404
    assert "Aucune invitation groupée" in client.get(reverse("backoffice:lots_invitations")).content.decode()


@pytest.fixture
def demande(personne, conseiller, org):
    invitation = actions.inviter(
        personne, motif=ORIENTATION, organisation=org, canaux=C.values, acting_user=conseiller
    )
    return DemandeRappel.objects.create(
        invitation=invitation, personne=personne, organisation=org, telephone="0601020304", disponibilites="le matin"
    )


def test_les_demandes_de_rappel_comptees_au_tableau_de_bord_puis_traitees(client, demande, conseiller):
    client.force_login(conseiller)
    accueil = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Demandes de rappel (1)" in accueil and reverse("backoffice:demandes_rappel") in accueil
    liste = client.get(reverse("backoffice:demandes_rappel")).content.decode()
    assert demande.personne.nom_complet in liste and "le matin" in liste
    url = reverse("backoffice:traiter_demande_rappel", kwargs={"pk": demande.pk})
    assert client.post(url, {"compte_rendu": "RDV fixé jeudi 10 h"}).status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemandeRappel.TRAITEE
    assert "Demandes de rappel (0)" in client.get(reverse("backoffice:accueil")).content.decode()


def test_la_demande_de_rappel_d_une_autre_organisation_est_un_404(client, demande):
    intrus = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    client.force_login(intrus)
    url = reverse("backoffice:traiter_demande_rappel", kwargs={"pk": demande.pk})
    assert client.post(url, {"compte_rendu": "Fait"}).status_code == 404
    assert demande.personne.nom_complet not in client.get(reverse("backoffice:demandes_rappel")).content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemandeRappel.A_TRAITER
