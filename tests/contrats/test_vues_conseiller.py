"""The référent's contract pages: reading, drafting, submitting, signing; who may read, who may change."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from contrats import actions
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, StatutContrat, TypeAction
from contrats.models import ActionPlan, ContratEngagement
from contrats.queries import scan_papier
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from orientation.enums import Parcours
from tests.ages import naissance_pour_age
from tests.contrats.factories import Situation
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.fichiers import pdf_lisible

PDF = pdf_lisible()  # the scan is opened, not sniffed (contrats/scan.py)


@pytest.fixture
def s():
    return Situation()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def url(nom, s, **kwargs):
    return reverse(f"backoffice:{nom}", kwargs={"pk": s.personne.pk, **kwargs})


def relire(contrat):
    # The FSM field is protected: read a fresh instance rather than refresh_from_db().
    return ContratEngagement.objects.get(pk=contrat.pk)


def donnees_action(**valeurs):
    return {
        "type_action": TypeAction.FORMATION,
        "porteur": PorteurAction.PERSONNE,
        "description": "Formation de cariste",
        "debut": timezone.localdate().isoformat(),
        "fin": "",
        "heures_hebdo": "15",
        "statut": StatutAction.PREVUE,
        "lien": "",
        **valeurs,
    }


def texte(response):
    return response.content.decode()


# --- Reading --------------------------------------------------------------------------------------


def test_page_sans_contrat_puis_ouverture_du_brouillon(client, s):
    client.force_login(s.referent)
    response = client.get(url("contrat", s))
    assert response.status_code == 200
    assert "Ouvrir le contrat en brouillon" in texte(response)
    response = client.post(url("contrat_rediger", s))
    assert response.status_code == 302
    assert response.url == url("contrat", s)
    contrat = ContratEngagement.objects.get(personne=s.personne)
    assert contrat.statut == StatutContrat.BROUILLON
    response = client.get(response.url)
    contenu = texte(response)
    assert "ouvert en brouillon" in contenu
    assert "Brouillon" in contenu
    assert "Ajouter une action" in contenu
    assert s.socle.texte in contenu  # the socle in force, as the draft will freeze it
    assert s.socle.voies_recours in contenu


def test_apres_une_reorientation_le_referent_ouvre_le_nouveau_contrat(client, s):
    from tests.contrats.factories import orientation_notifiee

    ancien = s.signe()
    client.force_login(s.referent)
    assert "Une nouvelle orientation a été notifiée" not in texte(client.get(url("contrat", s)))
    nouvelle = orientation_notifiee(s.personne, parcours=Parcours.PROFESSIONNEL, reorientation_de=s.orientation)
    contenu = texte(client.get(url("contrat", s)))
    assert "Une nouvelle orientation a été notifiée" in contenu
    assert "Ouvrir le contrat de la nouvelle orientation" in contenu
    assert client.post(url("contrat_rediger", s)).status_code == 302
    nouveau = ContratEngagement.objects.exclude(pk=ancien.pk).get(personne=s.personne)
    assert nouveau.orientation == nouvelle
    assert nouveau.statut == StatutContrat.BROUILLON
    contenu = texte(client.get(url("contrat", s)))
    assert "Une nouvelle orientation a été notifiée" not in contenu
    assert "Brouillon" in contenu


def test_page_du_contrat_statut_echeance_jeunes_plan_et_minimum(client):
    aujourdhui = timezone.localdate()
    # 25 years old today: the « jeunes » mention; notified 40 days ago: the deadline is past.
    naissance = naissance_pour_age(25, aujourdhui) - datetime.timedelta(days=1)
    s = Situation(date_naissance=naissance, notifiee_le=timezone.now() - datetime.timedelta(days=40))
    contrat = s.brouillon()
    s.ajouter(contrat, "10")
    s.ajouter(contrat, "4.5", description="Atelier CV", type_action=TypeAction.ATELIER_COLLECTIF)
    s.ajouter(contrat, "8", description="Abandonnée", statut=StatutAction.ABANDONNEE)
    client.force_login(s.referent)
    contenu = texte(client.get(url("contrat", s)))
    assert "Jeunes (moins de 26 ans)" in contenu
    assert "Délai de signature dépassé" in contenu
    assert contrat.echeance_signature.strftime("%Y") in contenu
    assert "Total : 14,5 heures par semaine" in contenu
    assert "Sous le minimum" in contenu
    assert "Atelier CV" in contenu


def test_page_du_contrat_plus_de_26_ans_dans_les_delais(client):
    s = Situation(date_naissance=datetime.date(1980, 1, 1))
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    client.force_login(s.referent)
    contenu = texte(client.get(url("contrat", s)))
    assert "Jeunes (moins de 26 ans)" not in contenu
    assert "Délai de signature dépassé" not in contenu
    assert "Total : 15 heures par semaine" in contenu
    assert "Minimum atteint" in contenu


def test_la_lecture_est_journalisee_avec_la_partie_contrat(client, s):
    contrat = s.soumis()
    client.force_login(s.referent)
    client.get(url("contrat", s))
    client.get(url("contrat_version", s, version_pk=contrat.derniere_version().pk))
    parties = list(JournalAcces.objects.filter(personne=s.personne, user=s.referent).values_list("partie", flat=True))
    assert parties == [PartieDossier.CONTRAT, PartieDossier.CONTRAT]


def test_version_figee_lisible_et_demande_de_modification_avec_commentaire(client, s):
    contrat = s.soumis()
    actions.demander_modification(contrat, acting_user=s.personne.user, commentaire="Moins d'heures le mercredi.")
    version = contrat.derniere_version()
    # The draft changes afterwards: the frozen version does not.
    action = ActionPlan.objects.get(contrat=contrat)
    actions.modifier_action(action, acting_user=s.referent, description="Formation de soudeur")
    client.force_login(s.referent)
    contenu = texte(client.get(url("contrat", s)))
    assert "Modifications demandées par la personne" in contenu
    assert "Moins d&#x27;heures le mercredi." in contenu
    assert "Formation de soudeur" in contenu
    contenu = texte(client.get(url("contrat_version", s, version_pk=version.pk)))
    assert "Version 1 du contrat" in contenu
    assert "Formation de cariste" in contenu
    assert "Formation de soudeur" not in contenu
    assert version.empreinte in contenu
    assert "Moins d&#x27;heures le mercredi." in contenu


def test_version_d_une_autre_personne_404(client, s):
    autre = Situation()
    version = autre.soumis().derniere_version()
    s.brouillon()
    client.force_login(s.referent)
    assert client.get(url("contrat_version", s, version_pk=version.pk)).status_code == 404


# --- The plan d'action ---------------------------------------------------------------------------------


def test_ajouter_une_action_erreurs_au_champ_et_saisie_conservee(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    adresse = url("contrat_action_ajouter", s)
    assert client.get(adresse).status_code == 200
    demain = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        adresse,
        donnees_action(description="", fin=timezone.localdate().isoformat(), debut=demain.isoformat(), lien="x"),
    )
    assert response.status_code == 200
    contenu = texte(response)
    assert contenu.startswith("<!DOCTYPE html>") and "<title>Erreur" in contenu
    assert "Ce champ est obligatoire." in contenu
    assert "La fin de l&#x27;action ne peut pas précéder son début." in contenu
    assert demain.isoformat() in contenu  # what was typed is still there
    assert not contrat.actions.exists()
    response = client.post(adresse, donnees_action(heures_hebdo="7,5", lien="https://exemple.fr/formation"))
    assert response.status_code == 302
    action = contrat.actions.get()
    assert action.heures_hebdo == Decimal("7.5")
    assert action.lien == "https://exemple.fr/formation"


def test_heures_negatives_refusees_au_champ(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    response = client.post(url("contrat_action_ajouter", s), donnees_action(heures_hebdo="-1"))
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in texte(response)
    assert not contrat.actions.exists()


def test_modifier_puis_retirer_une_action(client, s):
    contrat = s.brouillon()
    action = s.ajouter(contrat, "10")
    client.force_login(s.referent)
    adresse = url("contrat_action_modifier", s, action_pk=action.pk)
    assert "Formation de cariste" in texte(client.get(adresse))
    response = client.post(adresse, donnees_action(description="Permis de conduire", heures_hebdo="12"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.heures_hebdo) == ("Permis de conduire", Decimal("12"))
    response = client.post(url("contrat_action_supprimer", s, action_pk=action.pk))
    assert response.status_code == 302
    assert not contrat.actions.exists()


def test_action_d_un_autre_contrat_404(client, s):
    s.brouillon()
    autre = Situation()
    action = autre.ajouter(autre.brouillon(), "15")
    client.force_login(s.referent)
    assert client.get(url("contrat_action_modifier", s, action_pk=action.pk)).status_code == 404
    assert client.post(url("contrat_action_supprimer", s, action_pk=action.pk)).status_code == 404
    assert ActionPlan.objects.filter(pk=action.pk).exists()


def test_plan_fige_apres_soumission(client, s):
    contrat = s.soumis()
    action = contrat.actions.get()
    client.force_login(s.referent)
    contenu = texte(client.get(url("contrat", s)))
    assert "Ajouter une action" not in contenu
    response = client.post(url("contrat_action_ajouter", s), donnees_action())
    assert response.status_code == 200
    assert "plus un brouillon" in texte(response)
    response = client.post(url("contrat_action_supprimer", s, action_pk=action.pk), follow=True)
    assert "plus un brouillon" in texte(response)
    assert contrat.actions.count() == 1


# --- Submission: the 15-hour boundary through the page ---------------------------------------------


def test_soumettre_14_5_heures_refuse_15_heures_accepte(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    assert client.post(url("contrat_action_ajouter", s), donnees_action(heures_hebdo="14,5")).status_code == 302
    action = contrat.actions.get()
    assert action.heures_hebdo == Decimal("14.5")
    response = client.post(url("contrat_soumettre", s))
    assert response.status_code == 200
    contenu = texte(response)
    assert "Le contrat n&#x27;a pas pu être soumis" in contenu
    assert "totalise 14,5 heures par semaine : il en faut au moins 15" in contenu
    assert relire(contrat).statut == StatutContrat.BROUILLON
    assert not contrat.versions.exists()
    client.post(url("contrat_action_modifier", s, action_pk=action.pk), donnees_action(heures_hebdo="15.0"))
    response = client.post(url("contrat_soumettre", s))
    assert response.status_code == 302
    assert relire(contrat).statut == StatutContrat.SOUMIS
    contenu = texte(client.get(response.url))
    assert "Le contrat est soumis à la personne" in contenu
    assert "Lire la version 1" in contenu


def test_minoration_sans_motif_erreur_au_champ_puis_motivee(client, s):
    contrat = s.brouillon()
    s.ajouter(contrat, "5")
    client.force_login(s.referent)
    adresse = url("contrat_duree", s)
    response = client.post(adresse, {"amenagement": AmenagementDuree.MINORATION, "motif_minoration": "  "})
    assert response.status_code == 200
    contenu = texte(response)
    assert "Indiquez le motif de la minoration" in contenu
    assert 'id="id_motif_minoration-desc-error"' in contenu or "fr-input-group--error" in contenu
    assert relire(contrat).amenagement_duree == AmenagementDuree.AUCUN
    response = client.post(
        adresse, {"amenagement": AmenagementDuree.MINORATION, "motif_minoration": "Reprise après hospitalisation."}
    )
    assert response.status_code == 302
    assert relire(contrat).amenagement_duree == AmenagementDuree.MINORATION
    assert client.post(url("contrat_soumettre", s)).status_code == 302


def test_dispense_sans_demande_de_la_personne_refusee_puis_accordee(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    adresse = url("contrat_duree", s)
    demande = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    donnees = {"amenagement": AmenagementDuree.DISPENSE, "motif_dispense": MotifDispense.SANTE, "demandee_le": demande}
    response = client.post(adresse, donnees)
    assert response.status_code == 200
    contenu = texte(response)
    assert "qu&#x27;à la demande de la personne" in contenu
    assert demande in contenu  # kept
    response = client.post(adresse, {**donnees, "demandee_par_personne": "on", "motif_dispense": ""})
    assert response.status_code == 200
    assert "l&#x27;un des motifs prévus par la loi" in texte(response)
    response = client.post(adresse, {**donnees, "demandee_par_personne": "on"})
    assert response.status_code == 302
    contrat = relire(contrat)
    assert (contrat.amenagement_duree, contrat.motif_dispense) == (AmenagementDuree.DISPENSE, MotifDispense.SANTE)
    assert contrat.dispense_demandee_le.isoformat() == demande
    # A waiver: a plan with no hours may be submitted.
    assert client.post(url("contrat_soumettre", s)).status_code == 302


# --- ORE ---------------------------------------------------------------------------------------------


def test_ore_codes_rome_sans_javascript_erreurs_et_enregistrement(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    adresse = url("contrat_ore", s)
    contenu = texte(client.get(adresse))
    assert 'name="metiers"' in contenu
    assert reverse("rome:appellations") in contenu  # the enhancement's endpoint
    assert reverse("communes:recherche") in contenu
    assert "<script nonce" not in contenu  # the suggestions come from a static file (CSP)
    response = client.post(adresse, {"metiers": "N1101; XYZ", "zone": "Lille", "communes": "", "salaire_attendu": ""})
    assert response.status_code == 200
    assert "Aucun métier ne s&#x27;appelle « XYZ »" in texte(response)
    assert "N1101; XYZ" in texte(response)  # kept as typed
    response = client.post(adresse, {"metiers": "N1101 A9999", "zone": "", "communes": "", "salaire_attendu": ""})
    assert "Code ROME inconnu du référentiel : A9999" in texte(response)
    response = client.post(adresse, {"metiers": "N1101", "zone": "", "communes": "", "salaire_attendu": ""})
    assert response.status_code == 200
    assert "Indiquez la zone géographique de recherche." in texte(response)
    response = client.post(
        adresse, {"metiers": "n1101, N1103", "zone": "", "communes": "59350", "salaire_attendu": "1850,50"}
    )
    assert response.status_code == 302
    contrat = relire(contrat)
    assert contrat.ore_metiers == ["N1101", "N1103"]
    assert contrat.ore_communes == ["59350"]  # a professional's INSEE code is still read as one
    assert contrat.ore_salaire_attendu == Decimal("1850.50")
    contenu = texte(client.get(url("contrat", s)))
    assert "N1101" in contenu and "59350" in contenu


def test_ore_par_intitules_et_noms_de_communes(client, s):
    contrat = s.brouillon()
    client.force_login(s.referent)
    adresse = url("contrat_ore", s)
    donnees = {
        "metiers": "Boulanger / Boulangère (D1102); boulangère ; Agent / Agente d'accueil",
        "zone": "",
        "communes": "Lille (59000); roubaix, Saint-André-lez-Lille",
        "salaire_attendu": "",
    }
    assert client.post(adresse, donnees).status_code == 302
    contrat = relire(contrat)
    assert contrat.ore_metiers == ["D1102", "M1601"]
    assert contrat.ore_communes == ["59350", "59512", "59527"]
    # Shown back by name, with the codes next to them for the professional.
    contenu = texte(client.get(adresse))
    # Each sheet by its own label and code; posted back as is, it reads the same.
    assert 'value="Boulanger / Boulangère (D1102); Chargé / Chargée d&#x27;accueil (M1601)"' in contenu
    assert "Lille (59000); Roubaix (59100); Saint-André-lez-Lille (59350)" in contenu
    assert "Lille (59350)" in contenu  # INSEE code in the list of what is saved
    relu = {
        "metiers": "Boulanger / Boulangère (D1102); Chargé / Chargée d'accueil (M1601)",
        "zone": "",
        "communes": "Lille (59000); Roubaix (59100); Saint-André-lez-Lille (59350)",
        "salaire_attendu": "",
    }
    assert client.post(adresse, relu).status_code == 302
    contrat = relire(contrat)
    assert (contrat.ore_metiers, contrat.ore_communes) == (["D1102", "M1601"], ["59350", "59512", "59527"])


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("communes", "Lille; Beaumont", "Plusieurs communes correspondent à « Beaumont »"),
        ("communes", "Lille; Beaumont", "« Beaumont (63110) »"),
        ("communes", "Lillle", "Aucune commune ne s&#x27;appelle « Lillle »"),
        ("metiers", "Agent", "Plusieurs métiers correspondent à « Agent »"),
        ("metiers", "Boulangr", "Aucun métier ne s&#x27;appelle « Boulangr »"),
    ],
)
def test_ore_un_nom_ambigu_ou_inconnu_est_dit_et_rien_n_est_enregistre(client, s, champ, saisie, message):
    contrat = s.brouillon()
    client.force_login(s.referent)
    donnees = {"metiers": "D1102", "zone": "Lille", "communes": "", "salaire_attendu": "", champ: saisie}
    response = client.post(url("contrat_ore", s), donnees)
    assert response.status_code == 200
    assert message in texte(response)
    assert saisie in texte(response)
    avant = (contrat.ore_metiers, contrat.ore_communes)
    contrat = relire(contrat)
    assert (contrat.ore_metiers, contrat.ore_communes) == avant


def test_pas_d_ore_dans_le_parcours_social(client):
    s = Situation(parcours=Parcours.SOCIAL)
    s.brouillon()
    client.force_login(s.referent)
    assert "Offre raisonnable d’emploi" not in texte(client.get(url("contrat", s)))
    assert client.get(url("contrat_ore", s)).status_code == 404


# --- Signature ---------------------------------------------------------------------------------------------


def test_contresigner_apres_acceptation(client, s):
    contrat = s.accepte()
    client.force_login(s.referent)
    assert "Contresigner le contrat" in texte(client.get(url("contrat", s)))
    response = client.post(url("contrat_contresigner", s))
    assert response.status_code == 302
    contrat = relire(contrat)
    assert contrat.statut == StatutContrat.SIGNE
    assert contrat.contresigne_par == s.referent


def test_contresigner_un_contrat_non_accepte_affiche_l_erreur(client, s):
    contrat = s.soumis()
    client.force_login(s.referent)
    response = client.post(url("contrat_contresigner", s))
    assert response.status_code == 200
    assert "Le contrat n&#x27;a pas pu être contresigné" in texte(response)
    assert "une fois accepté par la personne" in texte(response)
    assert relire(contrat).statut == StatutContrat.SOUMIS


def test_signature_papier_avec_scan(client, s, media):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    client.force_login(s.referent)
    adresse = url("contrat_signature_papier", s)
    assert client.get(adresse).status_code == 200
    response = client.post(adresse, {})  # nothing sent: the form is bound all the same, its error shown
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in texte(response)
    faux = SimpleUploadedFile("contrat.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(adresse, {"signature_papier": faux})
    assert response.status_code == 200
    assert "PDF, JPEG ou PNG" in texte(response)
    deguise = SimpleUploadedFile("contrat.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")
    assert "pas un PDF, un JPEG ou un PNG lisible" in texte(client.post(adresse, {"signature_papier": deguise}))
    assert relire(contrat).statut == StatutContrat.BROUILLON
    scan = SimpleUploadedFile("contrat.pdf", PDF, content_type="application/pdf")
    response = client.post(adresse, {"signature_papier": scan})
    assert response.status_code == 302
    contrat = relire(contrat)
    assert contrat.statut == StatutContrat.SIGNE
    document = scan_papier(contrat.version_en_vigueur)
    assert document.fichier.read() == PDF
    telechargement = reverse("documents:telecharger", kwargs={"pk": document.pk})
    page = texte(client.get(url("contrat", s)))
    assert "sur papier au guichet" in page and telechargement in page
    response = client.get(telechargement)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert JournalAcces.objects.filter(personne=s.personne, user=s.referent, partie=PartieDossier.DOCUMENT).exists()
    autre = professionnel(OrganisationFactory(departement_id="59"))
    client.force_login(autre)
    assert client.get(telechargement).status_code == 404


def test_pas_de_scan_sans_signature_papier(client, s):
    contrat = s.signe()
    client.force_login(s.referent)
    assert scan_papier(contrat.version_en_vigueur) is None
    page = texte(client.get(url("contrat", s)))
    assert "Télécharger le scan signé" not in page and "sur papier au guichet" not in page


def test_signature_papier_sous_le_minimum_refusee(client, s, media):
    contrat = s.brouillon()
    s.ajouter(contrat, "14.5")
    client.force_login(s.referent)
    scan = SimpleUploadedFile("contrat.pdf", PDF, content_type="application/pdf")
    response = client.post(url("contrat_signature_papier", s), {"signature_papier": scan})
    assert response.status_code == 200
    assert "totalise 14,5 heures" in texte(response)
    assert relire(contrat).statut == StatutContrat.BROUILLON


# --- Who may read, who may change -----------------------------------------------------------------------


def _autres(s):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    return {
        "conseiller_autre_organisation": professionnel(OrganisationFactory(departement_id="59")),
        "travailleur_social_non_implique": professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        "mediateur": professionnel(s.organisme, Role.MEDIATEUR),
        "pilote": professionnel(s.organisme, Role.PILOTE),
        "employeur": UserFactory(employeur=True),
        "personne": s.personne.user,
    }


def _urls(s, contrat):
    action = contrat.actions.first()
    version = contrat.versions.first()
    get = [
        url("contrat", s),
        url("contrat_version", s, version_pk=version.pk),
        url("contrat_action_ajouter", s),
        url("contrat_action_modifier", s, action_pk=action.pk),
        url("contrat_duree", s),
        url("contrat_ore", s),
        url("contrat_signature_papier", s),
        url("contrat_rythme", s),
        url("contrat_point_etape", s),
    ]
    post = [
        url("contrat_rediger", s),
        url("contrat_action_ajouter", s),
        url("contrat_action_modifier", s, action_pk=action.pk),
        url("contrat_action_supprimer", s, action_pk=action.pk),
        url("contrat_duree", s),
        url("contrat_ore", s),
        url("contrat_soumettre", s),
        url("contrat_contresigner", s),
        url("contrat_signature_papier", s),
        url("contrat_rythme", s),
        url("contrat_point_etape", s),
    ]
    lecture = [url("contrat_suivi", s), url("contrat_version_pdf", s, version_pk=version.pk)]
    return [get[0], get[1], *lecture, *get[2:]], post


def _contrat_avec_version(s):
    """A signed contract under revision: one version in force, one action, every drafting form open."""
    contrat = s.signe()
    return actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape.")


LECTURES = 4  # the first pages of _urls: contract, version, follow-up, PDF


def test_le_referent_ouvre_chaque_page(client, s, media):
    contrat = _contrat_avec_version(s)
    get, _ = _urls(s, contrat)
    client.force_login(s.referent)
    for adresse in get:
        assert client.get(adresse).status_code == 200, adresse


def test_refus_404_pour_qui_ne_lit_pas_le_dossier(client, s, media):
    contrat = _contrat_avec_version(s)
    get, post = _urls(s, contrat)
    for nom, user in _autres(s).items():
        client.force_login(user)
        for adresse in get:
            assert client.get(adresse).status_code == 404, (nom, adresse)
        for adresse in post:
            assert client.post(adresse, donnees_action()).status_code == 404, (nom, adresse)
    assert contrat.actions.count() == 1
    assert relire(contrat).statut == StatutContrat.BROUILLON
    assert not JournalAcces.objects.exclude(user=s.referent).filter(personne=s.personne).exists()


def test_anonyme_renvoye_a_la_connexion(client, s):
    contrat = _contrat_avec_version(s)
    get, post = _urls(s, contrat)
    for adresse in get:
        response = client.get(adresse)
        assert response.status_code == 302, adresse
        assert response.url.startswith(resolve_url(settings.LOGIN_URL)), adresse
    for adresse in post:
        assert client.post(adresse).status_code == 302, adresse


def test_un_decideur_departemental_lit_mais_ne_modifie_rien(client, s, media):
    contrat = _contrat_avec_version(s)
    decideur = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    get, post = _urls(s, contrat)
    client.force_login(decideur)
    response = client.get(get[0])
    assert response.status_code == 200
    contenu = texte(response)
    assert "Formation de cariste" in contenu
    assert "Ajouter une action" not in contenu
    assert "Soumettre le contrat" not in contenu
    assert "Modifier<span" not in contenu
    for adresse in get[1:LECTURES]:
        assert client.get(adresse).status_code == 200, adresse
    for adresse in get[LECTURES:]:
        assert client.get(adresse).status_code == 404, adresse
    for adresse in post:
        assert client.post(adresse, donnees_action()).status_code == 404, adresse
    assert contrat.actions.get().description == "Formation de cariste"
    assert relire(contrat).statut == StatutContrat.BROUILLON
    parties = set(JournalAcces.objects.filter(personne=s.personne, user=decideur).values_list("partie", flat=True))
    assert parties == {PartieDossier.CONTRAT, PartieDossier.SUIVI, PartieDossier.CONTRAT_DOCUMENT}


def test_un_travailleur_social_implique_lit_mais_n_est_pas_referent(client, s, media):
    """Involved in the file (accompaniment role, gate passed): only est_referent stops the changes."""
    from tests.factories import ImplicationFactory

    contrat = _contrat_avec_version(s)
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    travailleur = professionnel(cd, Role.TRAVAILLEUR_SOCIAL)
    ImplicationFactory(personne=s.personne, organisation=cd)
    get, post = _urls(s, contrat)
    client.force_login(travailleur)
    contenu = texte(client.get(get[0]))
    assert "Formation de cariste" in contenu
    assert "Ajouter une action" not in contenu
    for adresse in get[1:LECTURES]:
        assert client.get(adresse).status_code == 200, adresse
    for adresse in get[LECTURES:]:
        assert client.get(adresse).status_code == 404, adresse
    for adresse in post:
        assert client.post(adresse, donnees_action()).status_code == 404, adresse
    assert client.post(url("contrat_revision", s), {"motif": "x"}).status_code == 404
    assert contrat.actions.get().description == "Formation de cariste"
    assert relire(contrat).statut == StatutContrat.BROUILLON


def test_un_conseiller_du_meme_organisme_est_referent(client, s):
    collegue = professionnel(s.organisme, Role.CONSEILLER)
    contrat = s.brouillon()
    client.force_login(collegue)
    assert client.post(url("contrat_action_ajouter", s), donnees_action()).status_code == 302
    assert contrat.actions.count() == 1


# --- Query count -----------------------------------------------------------------------------------------


def _versions(s, contrat, n):
    """``n`` submitted versions: submit, the person asks for a change, submit again…"""
    for i in range(n):
        actions.soumettre(contrat, acting_user=s.referent)
        if i < n - 1:
            actions.demander_modification(contrat, acting_user=s.personne.user, commentaire=f"Changement {i}")
    return relire(contrat)


def test_nombre_de_requetes_constant_avec_le_plan_et_les_versions(client, s, django_assert_max_num_queries):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    _versions(s, contrat, 1)
    client.force_login(s.referent)
    adresse = url("contrat", s)
    client.get(adresse)  # warms the per-process caches (page chrome, legal parameters)
    with django_assert_max_num_queries(40) as petit:
        assert client.get(adresse).status_code == 200
    # Read now: the next request empties the connection's query log the capture points into.
    requetes = len(petit.captured_queries)

    autre = Situation()
    gros = autre.brouillon()
    for i in range(30):
        autre.ajouter(gros, "1", description=f"Action {i}")
    _versions(autre, gros, 4)
    client.force_login(autre.referent)
    adresse = url("contrat", autre)
    client.get(adresse)
    with django_assert_max_num_queries(requetes):
        response = client.get(adresse)
    assert texte(response).count("Action 2") >= 11  # « Action 2 », « Action 20 » … « Action 29 »
    assert "Lire la version 4" in texte(response)


def test_le_lien_relatif_de_la_fiche_mene_au_contrat(client, s):
    from urllib.parse import urljoin

    client.force_login(s.referent)
    fiche = reverse("backoffice:fiche_personne", args=[s.personne.pk])
    assert 'href="contrat/"' in texte(client.get(fiche))
    assert urljoin(fiche, "contrat/") == url("contrat", s)
    assert client.get(urljoin(fiche, "contrat/")).status_code == 200


# --- Revision, PDF, follow-up, points d'étape ---------------------------------------------------------------


def test_revision_motif_obligatoire_puis_diff_des_engagements(client, s):
    contrat = s.signe()
    en_vigueur = relire(contrat).version_en_vigueur
    action = contrat.actions.get()
    client.force_login(s.referent)
    assert "Ouvrir une révision" in texte(client.get(url("contrat", s)))
    adresse = url("contrat_revision", s)
    response = client.post(adresse, {"motif": "  "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in texte(response)
    assert relire(contrat).statut == StatutContrat.SIGNE
    response = client.post(adresse, {"motif": "Point d'étape : reprise d'une formation."})
    assert response.status_code == 302
    contrat = relire(contrat)
    assert contrat.statut == StatutContrat.BROUILLON
    assert contrat.version_en_vigueur == en_vigueur
    # The draft is changed: one action modified, one added.
    client.post(url("contrat_action_modifier", s, action_pk=action.pk), donnees_action(heures_hebdo="10"))
    client.post(url("contrat_action_ajouter", s), donnees_action(description="Atelier numérique", heures_hebdo="5"))
    contenu = texte(client.get(url("contrat", s)))
    assert "Ce que la révision change dans les engagements" in contenu
    assert "au brouillon en cours" in contenu
    assert "Modifiée" in contenu and "Ajoutée" in contenu and "Retirée" not in contenu
    assert "<del>15 h</del> → <ins>10 h</ins>" in contenu
    assert "Révision ouverte" in contenu  # the timeline
    # Submitted: the diff is between the version in force and the version submitted.
    assert client.post(url("contrat_soumettre", s)).status_code == 302
    contenu = texte(client.get(url("contrat", s)))
    assert "à la version soumise" in contenu
    assert "<del>15 h</del> → <ins>10 h</ins>" in contenu
    # The version in force stays readable as it was signed.
    contenu = texte(client.get(url("contrat_version", s, version_pk=en_vigueur.pk)))
    assert "Atelier numérique" not in contenu and "15 h" in contenu


def test_revision_seulement_d_un_contrat_signe(client, s):
    s.soumis()
    client.force_login(s.referent)
    assert "Ouvrir une révision" not in texte(client.get(url("contrat", s)))
    assert client.get(url("contrat_revision", s)).status_code == 404
    assert client.post(url("contrat_revision", s), {"motif": "x"}).status_code == 404


def test_revision_refusee_a_qui_n_est_pas_referent(client, s):
    contrat = s.signe()
    decideur = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    for user in [decideur, *_autres(s).values()]:
        client.force_login(user)
        assert client.post(url("contrat_revision", s), {"motif": "Point d'étape."}).status_code == 404
    assert relire(contrat).statut == StatutContrat.SIGNE


def test_pdf_d_une_version_journalise_le_document(client, s, media):
    version = s.soumis().derniere_version()
    client.force_login(s.referent)
    response = client.get(url("contrat_version_pdf", s, version_pk=version.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert JournalAcces.objects.filter(
        personne=s.personne, user=s.referent, partie=PartieDossier.CONTRAT_DOCUMENT
    ).exists()
    autre = Situation()
    version_autre = autre.soumis().derniere_version()
    assert client.get(url("contrat_version_pdf", s, version_pk=version_autre.pk)).status_code == 404


def test_suivi_heures_declarees_et_prevues_et_actions_en_retard(client, s):
    from contrats import suivi

    contrat = s.brouillon()
    hier = timezone.localdate() - datetime.timedelta(days=1)
    debut = timezone.localdate() - datetime.timedelta(days=30)
    principale = s.ajouter(contrat, "15", debut=debut)
    s.ajouter(contrat, "2", description="Bilan de santé", debut=debut, fin=hier, type_action=TypeAction.SANTE)
    actions.soumettre(contrat, acting_user=s.referent)
    actions.accepter(contrat, acting_user=s.personne.user)
    contrat = actions.contresigner(contrat, acting_user=s.referent)
    suivi.declarer_semaine(
        contrat,
        acting_user=s.personne.user,
        semaine=timezone.localdate() - datetime.timedelta(weeks=1),
        heures={principale.pk: Decimal("12.5")},
        commentaire="Une absence mardi.",
    )
    client.force_login(s.referent)
    assert "Suivi du plan d’action" in texte(client.get(url("contrat", s)))
    response = client.get(url("contrat_suivi", s))
    assert response.status_code == 200
    contenu = texte(response)
    assert "12,5 h" in contenu
    assert "Une absence mardi." in contenu
    assert "Non déclarée" in contenu
    assert "Actions en retard" in contenu and "Bilan de santé" in contenu
    assert JournalAcces.objects.filter(personne=s.personne, user=s.referent, partie=PartieDossier.SUIVI).exists()


def test_suivi_nombre_de_requetes_constant(client, s, django_assert_max_num_queries):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    actions.soumettre(contrat, acting_user=s.referent)
    actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    client.force_login(s.referent)
    adresse = url("contrat_suivi", s)
    client.get(adresse)
    with django_assert_max_num_queries(40) as petit:
        assert client.get(adresse).status_code == 200
    requetes = len(petit.captured_queries)
    autre = Situation()
    gros = autre.brouillon()
    for i in range(30):
        autre.ajouter(gros, "1", description=f"Action {i}")
    actions.soumettre(gros, acting_user=autre.referent)
    actions.contresigner(actions.accepter(gros, acting_user=autre.personne.user), acting_user=autre.referent)
    client.force_login(autre.referent)
    adresse = url("contrat_suivi", autre)
    client.get(adresse)
    with django_assert_max_num_queries(requetes):
        assert client.get(adresse).status_code == 200


@pytest.mark.parametrize(("semaines", "accepte"), [("0", False), ("1", True), ("52", True), ("53", False)])
def test_rythme_des_points_d_etape_de_1_a_52_semaines(client, s, semaines, accepte):
    contrat = s.brouillon()
    client.force_login(s.referent)
    response = client.post(url("contrat_rythme", s), {"rythme_points_etape": semaines})
    assert response.status_code == (302 if accepte else 200)
    assert relire(contrat).rythme_points_etape == (int(semaines) if accepte else 12)
    if not accepte:
        assert semaines in texte(response)  # kept


def test_proposer_un_point_d_etape(client, s):
    from francetravail.rendezvous.enums import Motif
    from francetravail.rendezvous.models import RendezVous
    from tests.rendezvous.factories import AgendaFactory, CreneauFactory

    s.signe()
    client.force_login(s.referent)
    adresse = url("contrat_point_etape", s)
    assert "Aucun créneau « point d’étape »" in texte(client.get(adresse))
    agenda = AgendaFactory(organisation=s.organisme)
    creneau = CreneauFactory(agenda=agenda, motif=Motif.POINT_ETAPE)
    CreneauFactory(agenda=agenda)  # another motif: not offered
    contenu = texte(client.get(adresse))
    assert contenu.count('name="creneaux"') == 1
    response = client.post(adresse, {"creneaux": []})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in texte(response)
    response = client.post(adresse, {"creneaux": [creneau.pk]})
    assert response.status_code == 302
    assert RendezVous.objects.filter(personne=s.personne, creneau=creneau).exists()
    assert "Point d&#x27;étape du" in texte(client.get(url("contrat", s)))  # in the timeline


def test_pas_de_point_d_etape_avant_la_signature(client, s):
    s.soumis()
    client.force_login(s.referent)
    assert "Proposer un point d’étape" not in texte(client.get(url("contrat", s)))
    assert client.get(url("contrat_point_etape", s)).status_code == 404
