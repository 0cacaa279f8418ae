"""The job-search profile derived from the file: parcours in force, the signed ORE, the defaults,
the hooks after commit, the batch command."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contrats import actions as contrats_actions
from contrats.models import VersionContrat
from entreprises import profils
from entreprises.models import ProfilRecherche
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests import fichiers
from tests.contrats.factories import Situation, orientation_notifiee
from tests.entreprises.factories import profil as profil_factory
from tests.factories import PersonneFactory, commune


def _signe_avec_ore(situation, metiers=("D1102", "D1104"), communes=("59350", "62041")):
    """A contract with its ORE, signed on paper at the desk (no PDF rendered in the test)."""
    contrat = situation.brouillon()
    situation.ajouter(contrat, "15")
    contrats_actions.fixer_ore(
        contrat,
        acting_user=situation.referent,
        metiers=list(metiers),
        communes=list(communes),
        salaire_attendu=Decimal("1900"),
    )
    scan = fichiers.scan("contrat.pdf")  # a readable PDF: the scan is opened (contrats/scan.py)
    return contrats_actions.enregistrer_signature_papier(contrat, acting_user=situation.referent, scan=scan)


def test_parcours_professionnel_decide_cree_le_profil_avec_la_commune_de_la_personne():
    situation = Situation(parcours=Parcours.PROFESSIONNEL)
    profil = profils.actualiser(situation.personne)
    assert profil.parcours_professionnel is True
    assert profil.commune_id == "59350"
    assert (profil.departement, profil.region) == ("59", "32")
    assert profil.visible is True
    assert profil.codes_rome == [] and profil.ore_codes_rome == []


def test_une_proposition_non_decidee_ne_cree_pas_de_profil():
    personne = PersonneFactory()
    DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.PROPOSEE,
        explication="Proposée.",
        parcours_propose=Parcours.PROFESSIONNEL,
    )
    assert profils.actualiser(personne) is None
    assert not ProfilRecherche.objects.filter(personne=personne).exists()


def test_le_parcours_social_ne_cree_pas_de_profil_et_une_reorientation_sociale_retire_le_parcours():
    situation = Situation(parcours=Parcours.SOCIAL)
    assert profils.actualiser(situation.personne) is None

    pro = Situation(parcours=Parcours.PROFESSIONNEL)
    assert profils.actualiser(pro.personne).parcours_professionnel is True
    # The decision in force is the latest decided one.
    orientation_notifiee(
        pro.personne,
        parcours=Parcours.SOCIAL,
        notifiee_le=timezone.now() + datetime.timedelta(minutes=1),
    )
    assert profils.actualiser(pro.personne).parcours_professionnel is False


def test_l_ore_du_contrat_signe_devient_les_metiers_par_defaut():
    situation = Situation()
    _signe_avec_ore(situation)
    profil = profils.actualiser(situation.personne)
    assert profil.ore_codes_rome == ["D1102", "D1104"]
    assert profil.ore_communes == ["59350", "62041"]
    assert profil.codes_rome == ["D1102", "D1104"]
    assert profil.domaines == ["D11"]


def test_l_ore_d_un_brouillon_ne_compte_pas():
    situation = Situation()
    contrat = situation.brouillon()
    situation.ajouter(contrat, "15")
    contrats_actions.fixer_ore(contrat, acting_user=situation.referent, metiers=["D1102"], communes=["59350"])
    profil = profils.actualiser(situation.personne)
    assert profil.ore_codes_rome == [] and profil.codes_rome == []


def test_une_revision_en_brouillon_garde_l_ore_signee():
    situation = Situation()
    contrat = _signe_avec_ore(situation, metiers=("D1102",))
    contrat = contrats_actions.ouvrir_revision(contrat, acting_user=situation.referent, motif="Point d'étape.")
    contrats_actions.fixer_ore(contrat, acting_user=situation.referent, metiers=["N1101"], communes=["59350"])
    assert profils.actualiser(situation.personne).ore_codes_rome == ["D1102"]


def test_les_metiers_choisis_par_la_personne_restent_et_les_metiers_par_defaut_suivent_l_ore():
    situation = Situation()
    _signe_avec_ore(situation, metiers=("D1102",))
    profils.actualiser(situation.personne)
    # A new ORE: the default jobs (a copy of the previous ORE) follow it.
    VersionContrat.objects.filter(contrat__personne=situation.personne).update(
        contenu={"ore": {"metiers": ["D1104"], "communes": ["59350"]}}
    )
    assert profils.actualiser(situation.personne).codes_rome == ["D1104"]
    # The person chooses their own: a later ORE leaves them alone.
    profils.enregistrer(situation.personne, codes_rome=["N1101"])
    VersionContrat.objects.filter(contrat__personne=situation.personne).update(
        contenu={"ore": {"metiers": ["D1105"], "communes": ["59350"]}}
    )
    profil = profils.actualiser(situation.personne)
    assert profil.codes_rome == ["N1101"]
    assert profil.ore_codes_rome == ["D1105"]


def test_l_ore_sous_forme_de_dictionnaires_est_lue():
    situation = Situation()
    _signe_avec_ore(situation)
    VersionContrat.objects.filter(contrat__personne=situation.personne).update(
        contenu={
            "ore": {
                "metiers": [
                    {"code": "d1102", "libelle": "Boulanger"},
                    {"code_rome": "D1104"},
                    {"libelle": "sans code"},
                ],
                "communes": [{"code_insee": "59350"}, "62041", ""],
            }
        }
    )
    profil = profils.actualiser(situation.personne)
    assert profil.ore_codes_rome == ["D1102", "D1104"]
    assert profil.ore_communes == ["59350", "62041"]


def test_la_commune_suit_un_demenagement_sauf_si_la_personne_en_a_choisi_une():
    situation = Situation()
    profils.actualiser(situation.personne)
    personne = situation.personne
    personne.commune = commune("69123")
    personne.save()
    profil = profils.actualiser(personne, commune_precedente="59350")
    assert (profil.commune_id, profil.departement, profil.region) == ("69123", "69", "84")

    profils.enregistrer(personne, commune=commune("62041"))
    personne.commune = commune("75056")
    personne.save()
    assert profils.actualiser(personne, commune_precedente="69123").commune_id == "62041"


def test_actualiser_est_idempotent():
    situation = Situation()
    _signe_avec_ore(situation)
    assert profils.actualiser_lot([situation.personne.pk]) == 1
    avant = ProfilRecherche.objects.get(pk=situation.personne.pk).updated_at
    assert profils.actualiser_lot([situation.personne.pk]) == 0
    assert ProfilRecherche.objects.get(pk=situation.personne.pk).updated_at == avant


def test_les_champs_denormalises_sont_ceux_de_save():
    """bulk_update skips save(): the derivation writes what save() would have."""
    situation = Situation()
    _signe_avec_ore(situation, metiers=("D1102", "N1101"))
    profils.actualiser(situation.personne)
    ecrit = ProfilRecherche.objects.get(pk=situation.personne.pk)
    relu = ProfilRecherche.objects.get(pk=situation.personne.pk)
    relu.save()
    relu.refresh_from_db()
    assert (ecrit.domaines, ecrit.departement, ecrit.region) == (relu.domaines, relu.departement, relu.region)
    assert ecrit.domaines == ["D11", "N11"]


def test_le_diagnostic_n_est_jamais_copie():
    """The diagnostic's project (jobs, expected salary) stays in the diagnostic."""
    from diagnostic import actions as diagnostic_actions
    from diagnostic.enums import Section

    situation = Situation()
    diagnostic_actions.enregistrer_section(
        situation.personne,
        Section.PROJET,
        acting_user=situation.referent,
        contenu={
            "metiers": [{"code_ogr": "12345", "libelle": "Cariste", "code_rome": "N1101"}],
            "salaire_souhaite": 2500,
        },
        version_lue=0,
    )
    profil = profils.actualiser(situation.personne)
    assert profil.codes_rome == [] and profil.salaire_attendu is None


def test_lot_nombre_de_requetes_constant():
    petites = [Situation().personne.pk for _ in range(2)]
    grandes = [Situation().personne.pk for _ in range(8)]
    with CaptureQueriesContext(connection) as deux:
        profils.actualiser_lot(petites)
    with CaptureQueriesContext(connection) as huit:
        profils.actualiser_lot(grandes)
    assert len(deux) == len(huit)
    assert ProfilRecherche.objects.filter(pk__in=petites + grandes).count() == 10


def test_commande_actualiser_profils():
    situations = [Situation() for _ in range(3)]
    sans_orientation = PersonneFactory()
    sortie = io.StringIO()
    call_command("actualiser_profils", "--taille-lot", "2", stdout=sortie)
    assert "profils mis à jour" in sortie.getvalue()
    assert ProfilRecherche.objects.filter(pk__in=[s.personne.pk for s in situations]).count() == 3
    assert not ProfilRecherche.objects.filter(pk=sans_orientation.pk).exists()
    # Run again: nothing changes.
    sortie = io.StringIO()
    call_command("actualiser_profils", stdout=sortie)
    assert sortie.getvalue().strip().endswith("0 profils mis à jour.")


def test_commande_taille_de_lot_bornee():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="comprise entre 1 et 10 000"):
        call_command("actualiser_profils", "--taille-lot", "0")
    with pytest.raises(CommandError):
        call_command("actualiser_profils", "--taille-lot", "10001")
    call_command("actualiser_profils", "--taille-lot", "10000", stdout=io.StringIO())
    call_command("actualiser_profils", "--taille-lot", "1", stdout=io.StringIO())


# --- Hooks: after the commit, through the Celery task -------------------------------------------


def test_une_orientation_decidee_cree_le_profil_apres_le_commit(taches_immediates, django_capture_on_commit_callbacks):
    personne = PersonneFactory()
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        orientation_notifiee(personne, parcours=Parcours.PROFESSIONNEL)
    # Nothing before the commit (a rolled-back decision leaves no profile).
    assert not ProfilRecherche.objects.filter(pk=personne.pk).exists()
    assert rappels
    for rappel in rappels:
        rappel()
    assert ProfilRecherche.objects.get(pk=personne.pk).parcours_professionnel is True


def test_un_contrat_signe_met_l_ore_dans_le_profil(taches_immediates, django_capture_on_commit_callbacks):
    situation = Situation()
    with django_capture_on_commit_callbacks(execute=True):
        _signe_avec_ore(situation, metiers=("D1102",))
    profil = ProfilRecherche.objects.get(pk=situation.personne.pk)
    assert profil.ore_codes_rome == ["D1102"] and profil.codes_rome == ["D1102"]


def test_un_demenagement_deplace_la_commune_du_profil(taches_immediates, django_capture_on_commit_callbacks):
    situation = Situation()
    profils.actualiser(situation.personne)
    personne = situation.personne
    with django_capture_on_commit_callbacks(execute=True):
        personne.commune = commune("62041")
        personne.save()
    assert ProfilRecherche.objects.get(pk=personne.pk).commune_id == "62041"


def test_un_enregistrement_sans_la_commune_ne_planifie_rien(django_capture_on_commit_callbacks):
    personne = profil_factory().personne
    with django_capture_on_commit_callbacks() as rappels:
        personne.telephone = "0611111111"
        personne.save(update_fields=["telephone"])
        personne.save()  # the commune did not change either
    assert rappels == []


def test_la_tache_de_nuit_rattrape_ce_qui_a_ete_manque():
    """A decision committed while the broker was down: the nightly sweep creates the profile."""
    situation = Situation()
    assert not ProfilRecherche.objects.filter(pk=situation.personne.pk).exists()
    resultat = profils.actualiser_tous_profils_tache()
    assert resultat["changes"] >= 1
    assert ProfilRecherche.objects.get(pk=situation.personne.pk).parcours_professionnel is True
    assert profils.actualiser_tous_profils_tache()["changes"] == 0
