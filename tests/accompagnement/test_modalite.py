"""Choosing a person's modality: who may, the intensive parcours' 12 months on both sides, history and audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from francetravail.accompagnement import regles
from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.models import ModaliteAccompagnement, ModalitePersonne
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base.calendrier import ajouter_mois
from francetravail.reseau.enums import Role
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, professionnel


def modalite(code):
    return ModaliteAccompagnement.objects.get(code=code)


@pytest.fixture
def dossier():
    agence = OrganisationFactory()
    referent = professionnel(agence)
    personne = PersonneFactory(organisme_referent=agence, referent_unique=referent)
    return agence, referent, personne


def test_les_modalites_sont_des_donnees_semees_par_migration():
    codes = set(ModaliteAccompagnement.objects.values_list("code", flat=True))
    assert {"intensif", "guide", "suivi", "global"} <= codes


def test_les_chiffres_sont_des_parametres_dates():
    aujourdhui = timezone.localdate()
    assert regles.duree_max_mois("intensif", le=aujourdhui) == 12
    assert regles.duree_max_mois("suivi", le=aujourdhui) is None
    assert regles.cadence_mois("suivi", le=aujourdhui) == 3
    assert regles.portefeuille_cible("intensif", le=aujourdhui) == 50
    # Before the parameters' first day, nothing is in force: no figure from the code.
    assert regles.portefeuille_cible("intensif", le=datetime.date(2024, 12, 31)) is None


def test_intensif_douze_mois_acceptes(dossier):
    _agence, referent, personne = dossier
    debut = timezone.localdate()
    periode = choisir_modalite(personne, modalite("intensif"), referent, fin_prevue=ajouter_mois(debut, 12))
    assert periode.fin_prevue == ajouter_mois(debut, 12)
    assert ModalitePersonne.objects.get(personne=personne, fin__isnull=True).modalite.code == "intensif"


def test_intensif_douze_mois_et_un_jour_refuses(dossier):
    _agence, referent, personne = dossier
    debut = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        choisir_modalite(
            personne, modalite("intensif"), referent, fin_prevue=ajouter_mois(debut, 12) + datetime.timedelta(days=1)
        )
    assert "au plus 12 mois" in str(exc.value)
    assert not ModalitePersonne.objects.filter(personne=personne).exists()
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.MODALITE_CHOISIE).exists()


def test_douze_mois_depuis_le_31_janvier_au_28_fevrier():
    # A delay in months (calendrier.ajouter_mois): from 29 February 2028, 12 months is 28 February 2029.
    debut = datetime.date(2028, 2, 29)
    regles.verifier_fin_prevue(debut=debut, fin_prevue=datetime.date(2029, 2, 28), duree_mois=12, libelle="Intensif")
    with pytest.raises(ValidationError):
        regles.verifier_fin_prevue(
            debut=debut, fin_prevue=datetime.date(2029, 3, 1), duree_mois=12, libelle="Intensif"
        )


def test_intensif_sans_fin_prevue_refuse_et_suivi_avec_fin_refuse(dossier):
    _agence, referent, personne = dossier
    with pytest.raises(ValidationError):
        choisir_modalite(personne, modalite("intensif"), referent)
    with pytest.raises(ValidationError):
        choisir_modalite(personne, modalite("suivi"), referent, fin_prevue=timezone.localdate())
    assert not ModalitePersonne.objects.filter(personne=personne).exists()


def test_changer_de_modalite_ferme_la_precedente_et_s_audite(dossier):
    agence, referent, personne = dossier
    choisir_modalite(personne, modalite("suivi"), referent)
    choisir_modalite(personne, modalite("guide"), referent)
    periodes = list(ModalitePersonne.objects.filter(personne=personne).order_by("pk"))
    assert [p.modalite.code for p in periodes] == ["suivi", "guide"]
    assert periodes[0].fin == timezone.localdate() and periodes[1].fin is None
    evenement = AuditEvent.objects.filter(event_type=TypeEvenement.MODALITE_CHOISIE).latest("pk")
    assert evenement.data["modalite"] == "guide" and evenement.data["precedente"] == "suivi"
    assert evenement.personne_id == personne.pk and evenement.organisation_id == agence.pk


def test_une_modalite_retiree_n_est_plus_proposee(dossier):
    _agence, referent, personne = dossier
    ancienne = ModaliteAccompagnement.objects.create(code="ancienne", libelle="Ancienne", actif=False)
    with pytest.raises(ValidationError):
        choisir_modalite(personne, ancienne, referent)


def test_un_collegue_et_le_responsable_d_equipe_de_l_organisme_referent_peuvent_choisir(dossier):
    agence, _referent, personne = dossier
    choisir_modalite(personne, modalite("suivi"), professionnel(agence))
    choisir_modalite(personne, modalite("guide"), professionnel(agence, role=Role.RESPONSABLE_EQUIPE))
    assert ModalitePersonne.objects.filter(personne=personne).count() == 2


@pytest.mark.parametrize(
    "qui",
    ["autre_agence", "partenaire_implique", "responsable_autre_agence", "admin_organisation", "personne"],
)
def test_les_autres_sont_refuses_et_rien_ne_change(dossier, qui):
    agence, _referent, personne = dossier
    if qui == "autre_agence":
        user = professionnel(OrganisationFactory())
    elif qui == "partenaire_implique":
        partenaire = OrganisationFactory(mission_locale=True)
        ImplicationFactory(personne=personne, organisation=partenaire)
        user = professionnel(partenaire)
    elif qui == "responsable_autre_agence":
        user = professionnel(OrganisationFactory(), role=Role.RESPONSABLE_EQUIPE)
    elif qui == "admin_organisation":
        user = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    else:
        user = PersonneFactory(avec_compte=True, organisme_referent=agence).user
    with pytest.raises(PermissionDenied):
        choisir_modalite(personne, modalite("suivi"), user)
    assert not ModalitePersonne.objects.filter(personne=personne).exists()


# The page, reached from the person page.


def test_la_fiche_mene_a_la_page_de_la_modalite(client, dossier):
    _agence, referent, personne = dossier
    client.force_login(referent)
    fiche = client.get(reverse("backoffice:fiche_personne", args=[personne.pk])).content.decode()
    assert 'href="modalite/"' in fiche
    page = client.get(reverse("backoffice:modalite_personne", args=[personne.pk]))
    assert page.status_code == 200
    assert "Choisir la modalité" in page.content.decode()


def test_le_formulaire_choisit_et_refuse_treize_mois(client, dossier):
    _agence, referent, personne = dossier
    client.force_login(referent)
    url = reverse("backoffice:modalite_personne", args=[personne.pk])
    trop_tard = ajouter_mois(timezone.localdate(), 12) + datetime.timedelta(days=1)
    reponse = client.post(url, {"modalite": modalite("intensif").pk, "fin_prevue": trop_tard.isoformat()})
    assert reponse.status_code == 200
    assert "au plus 12 mois" in reponse.content.decode()
    assert not ModalitePersonne.objects.filter(personne=personne).exists()
    a_temps = ajouter_mois(timezone.localdate(), 12)
    reponse = client.post(url, {"modalite": modalite("intensif").pk, "fin_prevue": a_temps.isoformat()})
    assert reponse.status_code == 302
    page = client.get(url).content.decode()
    assert "Intensif" in page and f"{a_temps:%d/%m/%Y}" in page


def test_le_responsable_d_equipe_lit_et_choisit_par_la_page(client, dossier):
    agence, _referent, personne = dossier
    client.force_login(professionnel(agence, role=Role.RESPONSABLE_EQUIPE))
    url = reverse("backoffice:modalite_personne", args=[personne.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"modalite": modalite("suivi").pk}).status_code == 302
    assert ModalitePersonne.objects.filter(personne=personne, modalite__code="suivi").exists()


def test_un_partenaire_implique_lit_sans_pouvoir_choisir(client, dossier):
    _agence, _referent, personne = dossier
    partenaire = OrganisationFactory(mission_locale=True)
    ImplicationFactory(personne=personne, organisation=partenaire)
    client.force_login(professionnel(partenaire))
    url = reverse("backoffice:modalite_personne", args=[personne.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Choisir la modalité" not in page.content.decode()
    assert client.post(url, {"modalite": modalite("suivi").pk}).status_code == 404
    assert not ModalitePersonne.objects.filter(personne=personne).exists()


@pytest.mark.parametrize("role", [Role.CONSEILLER, Role.RESPONSABLE_EQUIPE])
def test_hors_de_l_organisme_referent_la_page_est_un_404(client, dossier, role):
    _agence, _referent, personne = dossier
    client.force_login(professionnel(OrganisationFactory(), role=role))
    url = reverse("backoffice:modalite_personne", args=[personne.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"modalite": modalite("suivi").pk}).status_code == 404
    assert not ModalitePersonne.objects.filter(personne=personne).exists()
