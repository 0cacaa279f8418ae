"""The RSA 50 % cap comes from the household the file holds, not from a checkbox (CASF R262-68-6;
L262-9 majoration for isolement).

The household size is read from the CAF/MSA flow (``DroitRSA``), else from the registration;
when nothing is known the cap applies (the lower maximum protects the household). The decider
sees where the figure comes from and may correct it only with a reason, stored with who, when and
the source it replaces, and logged. Every bound is tested on both sides through the actions, and
through the decision page (input kept, error at the field).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.reseau.enums import Role
from inscription.enums import SituationFamiliale
from inscription.models import DroitRSA, ImportFluxCAF
from sanctions import actions
from sanctions.enums import Mesure, Public, StatutProcedure, StatutRecours, TypeManquement
from sanctions.models import CorrectionFoyer, HistoriqueProcedure, ProcedureSanction, TypeCourrier
from tests.factories import OrganisationFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
FLUX_LE = datetime.date(2026, 11, 12)


def situation_rsa(**kwargs):
    return Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True), **kwargs)


def flux(personne, *, nb_personnes=1, nb_enfants=0, role="demandeur", organisme="CAF", numero=None, le=FLUX_LE):
    """The person's RSA right as the CAF/MSA flow of ``le`` transmitted it."""
    import_flux = ImportFluxCAF.objects.create(
        fichier="imports_caf/flux.csv",
        nom_fichier="flux.csv",
        cree_le=timezone.make_aware(datetime.datetime.combine(le, datetime.time(9))),
    )
    return DroitRSA.objects.create(
        personne=personne,
        organisme_payeur=organisme,
        numero_allocataire=numero or f"A{personne.pk}",
        role=role,
        date_ouverture=le - datetime.timedelta(days=200),
        nb_personnes_foyer=nb_personnes,
        nb_enfants=nb_enfants,
        import_source=import_flux,
    )


def a_decider(s):
    return s.a_decider(type_manquement=TypeManquement.RSA_NON_RESPECT)


def decision(procedure, user, taux, **kwargs):
    valeurs = {
        "mesure": Mesure.SUSPENSION,
        "taux": Decimal(taux),
        "duree_mois": 1,
        "motivation": "Contrat non respecté.",
    }
    return actions.decider(procedure, acting_user=user, **{**valeurs, **kwargs})


def refusee_sans_changement(procedure, user, taux, match="taux"):
    with pytest.raises(ValidationError, match=match):
        decision(procedure, user, taux)
    apres = relire(procedure)
    assert apres.statut == S.A_DECIDER and apres.taux is None and apres.decidee_le is None and apres.foyer is None
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.SANCTION_DECIDEE, data__procedure=procedure.pk)


# --- Through the decision action -----------------------------------------------------------------


@pytest.mark.parametrize(("taux", "accepte"), [("50", True), ("50.01", False), ("51", False)])
def test_foyer_de_deux_personnes_selon_le_flux_caf_jamais_plus_de_50(taux, accepte):
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = a_decider(s)
    if accepte:
        procedure = decision(procedure, s.decideur_cd, taux)
        assert procedure.taux == Decimal(taux)
        assert procedure.foyer["nb_personnes"] == 2 and procedure.foyer["source"] == "flux_caf"
        assert procedure.foyer["libelle"] == "Foyer de 2 personnes selon le flux CAF du 12/11/2026"
        assert Decimal(procedure.plage_legale["taux_max"]) == 50
    else:
        refusee_sans_changement(procedure, s.decideur_cd, taux)


@pytest.mark.parametrize(("taux", "accepte"), [("29.99", False), ("30", True), ("51", True), ("100", True)])
def test_personne_seule_selon_le_flux_bornes_30_et_100(taux, accepte):
    s = situation_rsa()
    flux(s.personne, nb_personnes=1)
    procedure = a_decider(s)
    if accepte:
        assert decision(procedure, s.decideur_cd, taux).foyer["libelle"] == (
            "Foyer de 1 personne selon le flux CAF du 12/11/2026"
        )
    else:
        refusee_sans_changement(procedure, s.decideur_cd, taux)


def test_au_dela_de_100_refuse_meme_seul():
    s = situation_rsa()
    flux(s.personne, nb_personnes=1)
    refusee_sans_changement(a_decider(s), s.decideur_cd, "100.01")


@pytest.mark.parametrize(
    ("droit", "nb"),
    [
        ({"nb_personnes": 1, "nb_enfants": 1}, 2),  # a child is a member of the household
        ({"nb_personnes": 1, "role": "conjoint"}, 2),  # the spouse's own line
        ({"nb_personnes": 3, "nb_enfants": 2, "organisme": "MSA"}, 3),
    ],
)
def test_le_flux_compte_enfants_et_conjoint(droit, nb):
    s = situation_rsa()
    flux(s.personne, **droit)
    procedure = a_decider(s)
    refusee_sans_changement(procedure, s.decideur_cd, "51")
    procedure = decision(procedure, s.decideur_cd, "50")
    assert procedure.foyer["nb_personnes"] == nb
    assert procedure.foyer["libelle"].startswith(
        f"Foyer de {nb} personnes selon le flux {droit.get('organisme', 'CAF')}"
    )


def test_un_conjoint_sur_le_meme_numero_d_allocataire_compte():
    s, conjoint = situation_rsa(), situation_rsa()
    flux(s.personne, nb_personnes=1, numero="777")
    flux(conjoint.personne, nb_personnes=1, role="conjoint", numero="777")
    refusee_sans_changement(a_decider(s), s.decideur_cd, "51")


def test_le_flux_le_plus_recent_compte():
    s = situation_rsa()
    ancien = flux(s.personne, nb_personnes=2, numero="111", le=datetime.date(2026, 1, 5))
    flux(s.personne, nb_personnes=1, numero="222")
    DroitRSA.objects.filter(pk=ancien.pk).update(updated_at=timezone.now() - datetime.timedelta(days=300))
    assert decision(a_decider(s), s.decideur_cd, "51").foyer["libelle"].endswith("du 12/11/2026")


@pytest.mark.parametrize(
    ("inscription", "nb", "accepte_51"),
    [
        ({"situation_familiale": SituationFamiliale.COUPLE, "nb_enfants_charge": 0}, 2, False),
        ({"situation_familiale": SituationFamiliale.SEUL, "nb_enfants_charge": 1}, 2, False),
        ({"situation_familiale": SituationFamiliale.SEUL, "nb_enfants_charge": 0}, 1, True),
    ],
)
def test_sans_flux_le_dossier_d_inscription(inscription, nb, accepte_51):
    s = situation_rsa()
    dossier = dossier_complet(s.personne, **inscription)
    procedure = a_decider(s)
    if accepte_51:
        procedure = decision(procedure, s.decideur_cd, "51")
    else:
        refusee_sans_changement(procedure, s.decideur_cd, "51")
        procedure = decision(procedure, s.decideur_cd, "50")
    jour = timezone.localdate(dossier.updated_at)
    pluriel = "s" if nb > 1 else ""
    assert procedure.foyer["libelle"].startswith(
        f"Foyer de {nb} personne{pluriel} selon le dossier d'inscription du {jour:%d/%m/%Y}"
    )


def test_flux_et_inscription_en_desaccord_le_plus_grand_foyer_et_l_ecart_montre(client):
    s = situation_rsa()
    flux(s.personne, nb_personnes=1)
    dossier = dossier_complet(s.personne, situation_familiale=SituationFamiliale.COUPLE, nb_enfants_charge=0)
    procedure = a_decider(s)
    client.force_login(s.decideur_cd)
    page = client.get(f"/conseiller/sanctions/{procedure.pk}/").content.decode()
    jour = timezone.localdate(dossier.updated_at)
    assert f"Foyer de 2 personnes selon le dossier d&#x27;inscription du {jour:%d/%m/%Y}" in page
    assert "À vérifier : Foyer de 1 personne selon le flux CAF du 12/11/2026" in page
    refusee_sans_changement(procedure, s.decideur_cd, "51")
    procedure = decision(procedure, s.decideur_cd, "50")
    assert procedure.foyer["ecarts"] == ["Foyer de 1 personne selon le flux CAF du 12/11/2026"]


@pytest.mark.parametrize(("taux", "accepte"), [("50", True), ("51", False)])
def test_foyer_inconnu_le_plafond_s_applique(taux, accepte):
    s = situation_rsa()
    procedure = a_decider(s)
    if accepte:
        procedure = decision(procedure, s.decideur_cd, taux)
        assert procedure.foyer["nb_personnes"] is None and procedure.foyer["source"] == "inconnue"
    else:
        refusee_sans_changement(procedure, s.decideur_cd, taux)


def test_plus_de_case_a_cocher_a_l_action():
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    with pytest.raises(TypeError):
        decision(a_decider(s), s.decideur_cd, "51", foyer_plusieurs_personnes=False)


def test_hors_rsa_le_foyer_n_est_pas_lu():
    s = Situation()
    flux(s.personne, nb_personnes=4)
    procedure = s.decidee()
    assert procedure.foyer is None


# --- The correction: only with a reason, logged ------------------------------------------------


def test_le_decideur_corrige_avec_un_motif_journalise():
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = a_decider(s)
    with pytest.raises(ValidationError, match="motif de la correction"):
        actions.corriger_foyer(
            procedure, acting_user=s.decideur_cd, nb_personnes=1, majoration_isolement=False, motif=" "
        )
    assert not CorrectionFoyer.objects.exists()
    for intrus in (s.controleur, s.referent, s.equipe_pluri, s.personne.user, professionnel()):
        with pytest.raises(ValidationError):
            actions.corriger_foyer(
                procedure, acting_user=intrus, nb_personnes=1, majoration_isolement=False, motif="Séparation."
            )
    assert not CorrectionFoyer.objects.exists()
    motif = "Séparation le 02/12/2026, attestation CAF du 03/12/2026 : foyer d'une personne."
    actions.corriger_foyer(
        procedure, acting_user=s.decideur_cd, nb_personnes=1, majoration_isolement=False, motif=motif
    )
    correction = CorrectionFoyer.objects.get(procedure=procedure)
    assert correction.par == s.decideur_cd and correction.motif == motif and correction.le is not None
    assert correction.source_remplacee["libelle"] == "Foyer de 2 personnes selon le flux CAF du 12/11/2026"
    assert correction.source_remplacee["source"] == "flux_caf"
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.SANCTION_FOYER_CORRIGE, data__procedure=procedure.pk)
    assert evenement.acting_user == s.decideur_cd and evenement.motif == motif
    assert evenement.data["remplace"] == "Foyer de 2 personnes selon le flux CAF du 12/11/2026"
    assert HistoriqueProcedure.objects.filter(procedure=procedure, motif__contains="Composition du foyer corrigée")
    procedure = decision(relire(procedure), s.decideur_cd, "51")
    assert procedure.foyer["source"] == "correction" and procedure.foyer["nb_personnes"] == 1
    assert "remplace : Foyer de 2 personnes selon le flux CAF du 12/11/2026" in procedure.foyer["libelle"]
    # Decided: the household is the decision's, no longer to correct.
    with pytest.raises(ValidationError):
        actions.corriger_foyer(
            procedure, acting_user=s.decideur_cd, nb_personnes=3, majoration_isolement=False, motif="Erreur."
        )


@pytest.mark.parametrize(("majoration", "accepte_51"), [(True, False), (False, True)])
def test_la_majoration_pour_isolement_d_une_personne_seule_plafonne(majoration, accepte_51):
    # A pregnant woman living alone gets the L262-9 majoration with a one-person household: the
    # flow does not carry it, the decider records it with its proof.
    s = situation_rsa()
    flux(s.personne, nb_personnes=1)
    procedure = actions.corriger_foyer(
        a_decider(s),
        acting_user=s.decideur_cd,
        nb_personnes=1,
        majoration_isolement=majoration,
        motif="Notification CAF de la majoration pour isolement (grossesse) du 20/11/2026.",
    )
    if accepte_51:
        assert decision(procedure, s.decideur_cd, "51").taux == 51
    else:
        refusee_sans_changement(procedure, s.decideur_cd, "51")


def test_la_proposition_de_france_travail_suit_le_meme_foyer():
    s = Situation(public=Public.RSA)
    flux(s.personne, nb_personnes=2)
    procedure = a_decider(s)
    delegue_ft = professionnel(s.organisme, role=Role.DELEGUE_SANCTIONS)
    proposition = {"mesure": Mesure.SUSPENSION, "duree_mois": 1, "motivation": "Contrat non respecté."}
    with pytest.raises(ValidationError, match="taux"):
        actions.proposer(procedure, acting_user=delegue_ft, taux=51, **proposition)
    assert relire(procedure).proposition is None
    procedure = actions.proposer(procedure, acting_user=delegue_ft, taux=50, **proposition)
    assert procedure.proposition["foyer"] == "Foyer de 2 personnes selon le flux CAF du 12/11/2026"


def test_le_recours_reforme_dans_le_foyer_de_la_decision():
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = decision(a_decider(s), s.decideur_cd, "40")
    # The flow changes afterwards: the reform stays within the household the decision relied on.
    DroitRSA.objects.filter(personne=s.personne).update(nb_personnes_foyer=1)
    recours = actions.former_recours(procedure, acting_user=s.personne.user, motifs="Trop sévère.")
    recours = actions.instruire_recours(recours, acting_user=s.decideur_cd)
    with pytest.raises(ValidationError, match="taux"):
        actions.statuer_recours(
            recours,
            acting_user=s.decideur_cd,
            issue=StatutRecours.REFORMEE,
            motivation="x",
            mesure=Mesure.SUSPENSION,
            taux=51,
            duree_mois=1,
        )
    assert relire(recours).statut == StatutRecours.INSTRUCTION


def test_l_avertissement_prealable_annonce_la_plage_du_foyer():
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = s.avertie(type_manquement=TypeManquement.RSA_NON_RESPECT)
    lettre = procedure.courriers.get(type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE, destinataire="personne")
    assert Decimal(lettre.contenu["plage"]["taux_max"]) == 50


# --- Through the page ------------------------------------------------------------------------------


def url(procedure, etape=None):
    return f"/conseiller/sanctions/{procedure.pk}/" + (f"{etape}/" if etape else "")


def test_la_page_dit_d_ou_vient_le_chiffre_et_refuse_51_au_champ(client):
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = a_decider(s)
    client.force_login(s.decideur_cd)
    page = client.get(url(procedure)).content.decode()
    assert "Foyer de 2 personnes selon le flux CAF du 12/11/2026" in page
    assert "de 30 % à 50 %" in page
    assert "decider-foyer_plusieurs_personnes" not in page and "decider-majoration_isolement" not in page
    donnees = {
        "decider-mesure": Mesure.SUSPENSION,
        "decider-taux": "51",
        "decider-duree_mois": "1",
        "decider-motivation": "Contrat non respecté malgré deux relances.",
        # A crafted field of the former form changes nothing.
        "decider-foyer_plusieurs_personnes": "",
    }
    reponse = client.post(url(procedure, "decider"), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "decider-taux_error" in page and "50 %" in page
    assert 'value="51"' in page and "Contrat non respecté malgré deux relances." in page
    assert relire(procedure).statut == S.A_DECIDER and relire(procedure).taux is None
    assert client.post(url(procedure, "decider"), {**donnees, "decider-taux": "50"}).status_code == 302
    assert relire(procedure).taux == 50


def test_la_correction_par_la_page_motif_obligatoire_au_champ(client):
    s = situation_rsa()
    flux(s.personne, nb_personnes=2)
    procedure = a_decider(s)
    client.force_login(s.decideur_cd)
    donnees = {"foyer-nb_personnes": "1", "foyer-majoration_isolement": "non", "foyer-motif": ""}
    reponse = client.post(url(procedure, "foyer"), donnees)
    assert reponse.status_code == 200 and "foyer-motif_error" in reponse.content.decode()
    assert not CorrectionFoyer.objects.exists()
    motif = "Attestation CAF du 03/12/2026 : la personne vit seule depuis le 1er décembre."
    assert client.post(url(procedure, "foyer"), {**donnees, "foyer-motif": motif}).status_code == 302
    page = client.get(url(procedure)).content.decode()
    assert "Foyer de 1 personne" in page and "remplace : Foyer de 2 personnes selon le flux CAF du 12/11/2026" in page
    assert "de 30 % à 100 %" in page
    # The control team neither corrects nor sees the button; a crafted POST is a 404.
    client.force_login(s.controleur)
    assert "Corriger la composition du foyer" not in client.get(url(procedure)).content.decode()
    assert client.post(url(procedure, "foyer"), {**donnees, "foyer-motif": motif}).status_code == 404
    assert CorrectionFoyer.objects.count() == 1
    assert ProcedureSanction.objects.get(pk=procedure.pk).statut == S.A_DECIDER


@pytest.mark.parametrize(("taux", "accepte"), [("29.99", False), ("30", True), ("100", True), ("100.01", False)])
def test_personne_seule_par_la_page_bornes_30_et_100(client, taux, accepte):
    s = situation_rsa()
    flux(s.personne, nb_personnes=1)
    procedure = a_decider(s)
    client.force_login(s.decideur_cd)
    assert "de 30 % à 100 %" in client.get(url(procedure)).content.decode()
    donnees = {
        "decider-mesure": Mesure.SUSPENSION,
        "decider-taux": taux,
        "decider-duree_mois": "1",
        "decider-motivation": "Contrat non respecté malgré deux relances.",
    }
    reponse = client.post(url(procedure, "decider"), donnees)
    if accepte:
        assert reponse.status_code == 302
        assert relire(procedure).taux == Decimal(taux)
    else:
        page = reponse.content.decode()
        assert reponse.status_code == 200 and "decider-taux_error" in page
        assert f'value="{taux}"' in page and "Contrat non respecté malgré deux relances." in page
        assert relire(procedure).statut == S.A_DECIDER and relire(procedure).taux is None
