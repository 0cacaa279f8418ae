"""The dispense « parent isolé sans solution de garde pour un enfant de moins de douze ans »
(C. trav. L5411-6) checks the child's age the file holds (issue 15, item 4), and the « jeunes »
mention's 26 years to the day, 29 February included (item 9).

The file is the diagnostic (latest « Situation globale » that answers), else the registration.
When it does not say there is a child under 12, the référent records the child's birth date
and the document seen, logged. The child is under 12 at 11 years 364 days, not at 12 years:
tested through the action, the page (error at the field, input kept) and the submission."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contrats import actions
from contrats.enums import AmenagementDuree, MotifDispense, StatutContrat
from contrats.models import ContratEngagement, VersionContrat
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base.calendrier import anniversaire, en_clair
from inscription.models import DossierInscription
from tests.ages import aujourdhui_fixe, naissance_la_veille_de, naissance_pour_age  # noqa: F401 (fixture)
from tests.contrats.factories import Situation

D = datetime.date
PIECE = "Livret de famille vu le jour de la demande"


def _au_dossier(s, *, inscription=None, diagnostic=None):
    if inscription is not None:
        DossierInscription.objects.create(personne=s.personne, enfant_moins_12_ans=inscription)
    if diagnostic is not None:
        diag = Diagnostic.objects.create(personne=s.personne, created_by=s.referent)
        VersionSection.objects.create(
            diagnostic=diag,
            section=Section.SITUATION,
            numero=1,
            contenu={"situation_familiale": "seul", "enfant_moins_12_ans": diagnostic},
            auteur=s.referent,
        )


def _dispenser(s, contrat, **enfant):
    return actions.amenager_duree(
        contrat,
        acting_user=s.referent,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=MotifDispense.PARENT_ISOLE,
        demandee_par_personne=True,
        **enfant,
    )


def _refus(s, contrat, **enfant):
    with pytest.raises(ValidationError) as exc:
        _dispenser(s, contrat, **enfant)
    relu = ContratEngagement.objects.get(pk=contrat.pk)
    assert relu.amenagement_duree == AmenagementDuree.AUCUN and relu.dispense_enfant_naissance is None
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.CONTRAT_DUREE_AMENAGEE).exists()
    return exc.value.message_dict


def _evenement():
    return AuditEvent.objects.get(event_type=TypeEvenement.CONTRAT_DUREE_AMENAGEE)


# --- Through the action -------------------------------------------------------------------------------


@pytest.mark.parametrize(("inscription", "constat"), [(False, "indique qu'il n'y a pas"), (None, "ne dit pas")])
def test_refusee_sans_enfant_de_moins_de_12_ans_au_dossier(inscription, constat):
    s = Situation()
    _au_dossier(s, inscription=inscription)
    erreurs = _refus(s, s.brouillon())
    assert constat in erreurs["enfant_naissance"][0]
    assert "date de naissance de l'enfant et la pièce vue" in erreurs["enfant_naissance"][0]
    assert "justificatif_enfant" in erreurs


def test_accordee_quand_le_dossier_dit_un_enfant_de_moins_de_12_ans():
    s = Situation()
    _au_dossier(s, inscription=True)
    contrat = _dispenser(s, s.brouillon())
    assert contrat.motif_dispense == MotifDispense.PARENT_ISOLE
    evenement = _evenement()
    assert evenement.acting_user == s.referent and evenement.personne == s.personne
    assert evenement.data["enfant_age_etabli_par"] == "dossier"


def test_le_diagnostic_plus_recent_l_emporte_sur_l_inscription():
    s = Situation()
    _au_dossier(s, inscription=True, diagnostic=False)
    erreurs = _refus(s, s.brouillon())
    assert erreurs["enfant_naissance"][0].startswith("Le diagnostic (situation enregistrée le")
    s2 = Situation()
    _au_dossier(s2, inscription=False, diagnostic=True)
    assert _dispenser(s2, s2.brouillon()).amenagement_duree == AmenagementDuree.DISPENSE


def test_a_11_ans_et_364_jours_le_referent_enregistre_l_age_et_la_piece():
    s = Situation()
    _au_dossier(s, inscription=False)
    naissance = naissance_la_veille_de(12)  # 12 tomorrow
    contrat = _dispenser(s, s.brouillon(), enfant_naissance=naissance, justificatif_enfant=PIECE)
    relu = ContratEngagement.objects.get(pk=contrat.pk)
    assert (relu.dispense_enfant_naissance, relu.dispense_enfant_justificatif) == (naissance, PIECE)
    evenement = _evenement()
    assert evenement.data["enfant_age_etabli_par"] == "referent"
    assert evenement.data["enfant_age"] == 11
    assert evenement.data["justificatif_enfant"] == PIECE
    # Submitted the same day: still under 12.
    assert actions.soumettre(contrat, acting_user=s.referent).statut == StatutContrat.SOUMIS


def test_a_12_ans_tout_juste_la_dispense_est_refusee():
    s = Situation()
    _au_dossier(s, inscription=False)
    naissance = naissance_pour_age(12)  # 12 today
    erreurs = _refus(s, s.brouillon(), enfant_naissance=naissance, justificatif_enfant=PIECE)
    assert erreurs == {
        "enfant_naissance": [
            f"L'enfant a eu 12 ans le {en_clair(anniversaire(naissance, 12))} : la dispense pour un parent "
            "isolé ne vaut que pour un enfant de moins de 12 ans (C. trav. L5411-6)."
        ]
    }


def test_la_piece_vue_est_exigee_avec_la_date_de_naissance():
    s = Situation()
    _au_dossier(s, inscription=False)
    erreurs = _refus(s, s.brouillon(), enfant_naissance=naissance_la_veille_de(12), justificatif_enfant="  ")
    assert list(erreurs) == ["justificatif_enfant"]
    assert "livret de famille vu le" in erreurs["justificatif_enfant"][0]


def test_une_date_de_naissance_future_est_refusee():
    s = Situation()
    _au_dossier(s, inscription=True)
    demain = naissance_pour_age(0) + datetime.timedelta(days=1)
    erreurs = _refus(s, s.brouillon(), enfant_naissance=demain, justificatif_enfant=PIECE)
    assert erreurs["enfant_naissance"] == ["La date de naissance de l'enfant ne peut pas être dans le futur."]


def test_l_enfant_qui_a_eu_12_ans_depuis_la_dispense_bloque_la_soumission(aujourdhui_fixe):  # noqa: F811
    s = Situation()
    _au_dossier(s, inscription=False)
    aujourdhui_fixe(D(2027, 3, 11))
    contrat = _dispenser(s, s.brouillon(), enfant_naissance=D(2015, 3, 12), justificatif_enfant=PIECE)
    aujourdhui_fixe(D(2027, 3, 12))  # the 12th birthday
    with pytest.raises(ValidationError, match="L'enfant a eu 12 ans le 12 mars 2027"):
        actions.soumettre(contrat, acting_user=s.referent)
    relu = ContratEngagement.objects.get(pk=contrat.pk)
    assert relu.statut == StatutContrat.BROUILLON
    assert not VersionContrat.objects.filter(contrat=contrat).exists()


@pytest.mark.parametrize(("aujourdhui", "accordee"), [(D(2100, 2, 28), True), (D(2100, 3, 1), False)])
def test_enfant_ne_un_29_fevrier(aujourdhui_fixe, aujourdhui, accordee):  # noqa: F811
    # Born on 29 February 2088: 12 on 1 March 2100 (no 29 February in 2100).
    s = Situation()
    _au_dossier(s, inscription=False)
    aujourdhui_fixe(aujourdhui)
    contrat = s.brouillon()
    enfant = {"enfant_naissance": D(2088, 2, 29), "justificatif_enfant": PIECE}
    if accordee:
        assert _dispenser(s, contrat, **enfant).dispense_enfant_naissance == D(2088, 2, 29)
    else:
        assert "le 1er mars 2100" in _refus(s, contrat, **enfant)["enfant_naissance"][0]


# --- Through the page ------------------------------------------------------------------------------------


def _formulaire(**champs):
    return {
        "amenagement": AmenagementDuree.DISPENSE,
        "demandee_par_personne": "on",
        "motif_dispense": MotifDispense.PARENT_ISOLE,
        "demandee_le": "",
        "enfant_naissance": "",
        "justificatif_enfant": "",
        **champs,
    }


def test_la_page_dit_ce_que_dit_le_dossier_et_refuse_au_champ_en_gardant_la_saisie(client):
    s = Situation()
    _au_dossier(s, inscription=False)
    contrat = s.brouillon()
    client.force_login(s.referent)
    url = reverse("backoffice:contrat_duree", kwargs={"pk": s.personne.pk})
    page = client.get(url).content.decode()
    assert "L&#x27;inscription indique qu’il n’y a pas d’enfant de moins de 12 ans" in page

    reponse = client.post(url, _formulaire(justificatif_enfant=PIECE))
    assert reponse.status_code == 200
    form = reponse.context["form"]
    assert "indique qu'il n'y a pas d'enfant de moins de 12 ans" in form.errors["enfant_naissance"][0]
    assert PIECE in reponse.content.decode()  # the input is kept

    douze_ans = naissance_pour_age(12)
    reponse = client.post(url, _formulaire(enfant_naissance=douze_ans.isoformat(), justificatif_enfant=PIECE))
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["enfant_naissance"][0].startswith("L'enfant a eu 12 ans le")
    assert f'value="{douze_ans.isoformat()}"' in reponse.content.decode()
    assert ContratEngagement.objects.get(pk=contrat.pk).amenagement_duree == AmenagementDuree.AUCUN

    onze_ans = naissance_la_veille_de(12)
    reponse = client.post(url, _formulaire(enfant_naissance=onze_ans.isoformat(), justificatif_enfant=PIECE))
    assert reponse.status_code == 302
    relu = ContratEngagement.objects.get(pk=contrat.pk)
    assert (relu.motif_dispense, relu.dispense_enfant_naissance, relu.dispense_enfant_justificatif) == (
        MotifDispense.PARENT_ISOLE,
        onze_ans,
        PIECE,
    )
    assert _evenement().data["enfant_age"] == 11


# --- « Jeunes » before 26, 29 February included ---------------------------------------------------------


@pytest.mark.parametrize(("aujourdhui", "jeunes"), [(D(2026, 2, 28), True), (D(2026, 3, 1), False)])
def test_mention_jeunes_nee_un_29_fevrier(aujourdhui_fixe, aujourdhui, jeunes):  # noqa: F811
    # Born on 29 February 2000: 26 on 1 March 2026 (no 29 February in 2026).
    s = Situation(date_naissance=D(2000, 2, 29))
    aujourdhui_fixe(aujourdhui)
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    assert contrat.derniere_version().contenu["mention_jeunes"] is jeunes
    assert contrat.mention_jeunes() is jeunes
