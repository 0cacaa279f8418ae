"""Weekly activity declaration, follow-up table, overdue actions, timeline; points d'étape."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contrats import actions, points_etape, suivi
from contrats.enums import StatutAction
from contrats.models import DeclarationActivite
from contrats.queries import contrat_courant
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from tests.contrats.factories import Situation
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()
LUNDI = AUJOURDHUI - datetime.timedelta(days=AUJOURDHUI.weekday())


def signe(s, heures=("15",), **champs):
    contrat = s.brouillon()
    plan = [s.ajouter(contrat, h, debut=LUNDI - datetime.timedelta(weeks=4), **champs) for h in heures]
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    return contrat, plan


def declarer(s, contrat, heures, semaine=AUJOURDHUI, **kw):
    return suivi.declarer_semaine(contrat, acting_user=s.personne.user, semaine=semaine, heures=heures, **kw)


# --- declarer_semaine ---------------------------------------------------------------------------


def test_declaration_semaine_courante_ramenee_au_lundi_avec_audit():
    s = Situation()
    contrat, (action,) = signe(s)
    declaration = declarer(s, contrat, {action.pk: Decimal("12.5")}, commentaire="  Bonne semaine ")
    assert declaration.semaine == LUNDI
    assert declaration.commentaire == "Bonne semaine"
    assert [(ligne.action_id, ligne.heures) for ligne in declaration.lignes.all()] == [(action.pk, Decimal("12.5"))]
    audit = AuditEvent.objects.get(event_type=TypeEvenement.DECLARATION_ACTIVITE, personne=s.personne)
    assert audit.data["semaine"] == LUNDI.isoformat() and audit.data["total"] == "12.5"


def test_une_nouvelle_declaration_de_la_meme_semaine_remplace_l_ancienne():
    s = Situation()
    contrat, (a, b) = signe(s, heures=("10", "5"))
    declarer(s, contrat, {a.pk: "10", b.pk: "5"})
    declarer(s, contrat, {str(a.pk): "4,5"}, semaine=LUNDI + datetime.timedelta(days=3))
    (declaration,) = DeclarationActivite.objects.filter(contrat=contrat)
    assert [(ligne.action_id, ligne.heures) for ligne in declaration.lignes.all()] == [(a.pk, Decimal("4.5"))]


@pytest.mark.parametrize(("heures", "accepte"), [("0", True), ("168", True), ("168.1", False), ("-0.5", False)])
def test_heures_par_ligne_de_0_a_168(heures, accepte):
    s = Situation()
    contrat, (action,) = signe(s)
    if accepte:
        declarer(s, contrat, {action.pk: heures})
    else:
        with pytest.raises(ValidationError) as erreur:
            declarer(s, contrat, {action.pk: heures})
        assert f"heures_{action.pk}" in erreur.value.message_dict


@pytest.mark.parametrize(("deuxieme", "accepte"), [("68", True), ("68.5", False)])
def test_total_de_la_semaine_au_plus_168_heures(deuxieme, accepte):
    s = Situation()
    contrat, (a, b) = signe(s, heures=("10", "5"))
    if accepte:
        declarer(s, contrat, {a.pk: "100", b.pk: deuxieme})
    else:
        with pytest.raises(ValidationError, match="168 heures"):
            declarer(s, contrat, {a.pk: "100", b.pk: deuxieme})


def test_pas_de_semaine_future_ni_de_nombre_illisible():
    s = Situation()
    contrat, (action,) = signe(s)
    with pytest.raises(ValidationError) as erreur:
        declarer(s, contrat, {action.pk: "1"}, semaine=LUNDI + datetime.timedelta(weeks=1))
    assert erreur.value.message_dict["semaine"] == [suivi.SEMAINE_FUTURE]
    declarer(s, contrat, {action.pk: "1"}, semaine=LUNDI + datetime.timedelta(days=6))  # Sunday: this week
    declarer(s, contrat, {action.pk: "1"}, semaine=LUNDI - datetime.timedelta(weeks=3))
    with pytest.raises(ValidationError) as erreur:
        declarer(s, contrat, {action.pk: "deux"})
    assert f"heures_{action.pk}" in erreur.value.message_dict


def test_seulement_la_personne_sur_un_contrat_signe_et_les_actions_de_son_plan():
    s = Situation()
    contrat = s.soumis()
    action = contrat.actions.get()
    with pytest.raises(ValidationError, match="pas encore signé"):
        declarer(s, contrat, {action.pk: "1"})
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    with pytest.raises(ValidationError, match="Seule la personne"):
        suivi.declarer_semaine(contrat, acting_user=s.referent, semaine=AUJOURDHUI, heures={action.pk: "1"})
    autre_contrat, (autre_action,) = signe(Situation())
    with pytest.raises(ValidationError, match="plan en vigueur"):
        declarer(s, contrat, {autre_action.pk: "1"})


def test_pendant_une_revision_la_declaration_suit_la_version_en_vigueur():
    s = Situation()
    contrat, (action,) = signe(s)
    contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    nouvelle = s.ajouter(contrat, "3", description="Pas encore signée")
    declarer(s, contrat, {action.pk: "15"})
    with pytest.raises(ValidationError, match="plan en vigueur"):
        declarer(s, contrat, {nouvelle.pk: "3"})


# --- Reads ---------------------------------------------------------------------------------------


def test_tableau_hebdomadaire_prevu_declare_ecart():
    s = Situation()
    contrat, (a, b) = signe(s, heures=("10", "6"))
    declarer(s, contrat, {a.pk: "8", b.pk: "6"}, semaine=LUNDI - datetime.timedelta(weeks=1))
    tableau = suivi.tableau_hebdomadaire(contrat_courant(s.personne), semaines=3)
    assert [t["semaine"] for t in tableau] == [LUNDI - datetime.timedelta(weeks=i) for i in range(3)]
    cette_semaine, derniere, avant = tableau
    assert (cette_semaine["prevu"], cette_semaine["declare"], cette_semaine["ecart"]) == (Decimal(16), None, None)
    assert (derniere["prevu"], derniere["declare"], derniere["ecart"]) == (Decimal(16), Decimal(14), Decimal(-2))
    assert [(ligne["action"].pk, ligne["prevu"], ligne["declare"]) for ligne in derniere["lignes"]] == [
        (a.pk, Decimal(10), Decimal(8)),
        (b.pk, Decimal(6), Decimal(6)),
    ]
    assert avant["declare"] is None


def test_une_action_terminee_n_est_plus_prevue():
    s = Situation()
    contrat = s.brouillon()
    s.ajouter(contrat, "15", debut=LUNDI - datetime.timedelta(weeks=4), fin=LUNDI - datetime.timedelta(days=1))
    s.ajouter(contrat, "2", debut=LUNDI - datetime.timedelta(weeks=4), description="Suite")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    cette_semaine, derniere = suivi.tableau_hebdomadaire(contrat, semaines=2)
    assert (cette_semaine["prevu"], derniere["prevu"]) == (Decimal(2), Decimal(17))


def test_actions_en_retard():
    s = Situation()
    contrat = s.brouillon()
    debut = AUJOURDHUI - datetime.timedelta(days=30)
    hier = AUJOURDHUI - datetime.timedelta(days=1)
    retard = s.ajouter(contrat, "5", debut=debut, fin=hier)
    s.ajouter(contrat, "5", debut=debut, fin=AUJOURDHUI)  # ends today: not late yet
    s.ajouter(contrat, "5", debut=debut, fin=hier, statut=StatutAction.REALISEE)
    s.ajouter(contrat, "5", debut=debut, fin=hier, statut=StatutAction.ABANDONNEE)
    s.ajouter(contrat, "5", debut=debut)
    assert suivi.actions_en_retard(contrat) == [retard]


def test_chronologie_dans_l_ordre():
    s = Situation()
    contrat, (action,) = signe(s)
    declarer(s, contrat, {action.pk: "15"})
    libelles = [e["libelle"] for e in suivi.chronologie(contrat)]
    assert libelles[0] == "Contrat ouvert en brouillon"
    assert "Contrat soumis à la personne (version 1)" in libelles
    assert "Document PDF de la version 1 généré" in libelles
    assert "Contrat contresigné (version 1)" in libelles
    assert libelles[-1].startswith("Activité déclarée pour la semaine du")
    dates = [e["at"] for e in suivi.chronologie(contrat)]
    assert dates == sorted(dates)


def _gros_contrat(n_actions, n_semaines):
    s = Situation()
    contrat, plan = signe(s, heures=["15"] + ["1"] * (n_actions - 1))
    for i in range(n_semaines):
        declarer(s, contrat, {a.pk: "1" for a in plan}, semaine=LUNDI - datetime.timedelta(weeks=i))
    return s


@pytest.mark.parametrize("fonction", ["tableau", "retard", "chronologie"])
def test_nombre_de_requetes_constant_1_ou_30_actions(fonction):
    appels = {
        "tableau": lambda c: suivi.tableau_hebdomadaire(c, semaines=8),
        "retard": suivi.actions_en_retard,
        "chronologie": suivi.chronologie,
    }
    comptes = []
    for n_actions, n_semaines in ((1, 1), (30, 8)):
        s = _gros_contrat(n_actions, n_semaines)
        contrat = contrat_courant(s.personne)
        with CaptureQueriesContext(connection) as requetes:
            appels[fonction](contrat)
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    assert comptes[1] <= 5


def test_contrat_courant_en_nombre_de_requetes_borne(django_assert_max_num_queries):
    s = _gros_contrat(30, 0)
    contrat = s.personne.contrats_engagement.get()
    for _ in range(3):
        contrat = actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Révision")
        contrat = actions.soumettre(contrat, acting_user=s.referent)
        contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    with django_assert_max_num_queries(3):
        courant = contrat_courant(s.personne)
        assert len(courant.actions.all()) == 30
        assert [v.numero for v in courant.versions.all()] == [4, 3, 2, 1]
        assert courant.derniere_version().numero == 4
        assert courant.version_en_vigueur.contenu["version"] == 4
    assert contrat_courant(Situation().personne) is None


# --- Points d'étape ------------------------------------------------------------------------------


def test_prochain_point_etape_apres_la_signature_puis_apres_le_dernier_honore():
    s = Situation()
    contrat = s.soumis()
    assert points_etape.prochain_point_etape(contrat) is None
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    assert points_etape.prochain_point_etape(contrat) == AUJOURDHUI + datetime.timedelta(weeks=12)
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=s.organisme), motif=Motif.POINT_ETAPE, debut=dans(14))
    RendezVous.objects.create(personne=s.personne, creneau=creneau, statut=StatutRendezVous.HONORE)
    assert points_etape.prochain_point_etape(contrat) == AUJOURDHUI + datetime.timedelta(days=14, weeks=12)
    # An absence does not count as a point d'étape held.
    creneau = CreneauFactory(agenda=creneau.agenda, motif=Motif.POINT_ETAPE, debut=dans(30))
    RendezVous.objects.create(personne=s.personne, creneau=creneau, statut=StatutRendezVous.ABSENT)
    assert points_etape.prochain_point_etape(contrat) == AUJOURDHUI + datetime.timedelta(days=14, weeks=12)


@pytest.mark.parametrize(("semaines", "accepte"), [(0, False), (1, True), (52, True), (53, False), ("x", False)])
def test_rythme_des_points_etape_de_1_a_52_semaines(semaines, accepte):
    s = Situation()
    contrat = s.brouillon()
    if accepte:
        contrat = actions.fixer_rythme_points_etape(contrat, acting_user=s.referent, semaines=semaines)
        contrat.refresh_from_db()
        assert contrat.rythme_points_etape == semaines
    else:
        with pytest.raises(ValidationError) as erreur:
            actions.fixer_rythme_points_etape(contrat, acting_user=s.referent, semaines=semaines)
        assert "rythme_points_etape" in erreur.value.message_dict


def test_rythme_fixe_par_le_referent_seulement():
    s = Situation()
    with pytest.raises(ValidationError, match="Seul un référent"):
        actions.fixer_rythme_points_etape(s.brouillon(), acting_user=s.personne.user, semaines=4)


def test_proposer_un_point_etape():
    s = Situation()
    agenda = AgendaFactory(organisation=s.organisme)
    creneau = CreneauFactory(agenda=agenda, motif=Motif.POINT_ETAPE, debut=dans(10))
    contrat = s.soumis()
    with pytest.raises(ValidationError, match="pas encore signé"):
        points_etape.proposer_point_etape(contrat, [creneau], acting_user=s.referent)
    contrat = actions.contresigner(actions.accepter(contrat, acting_user=s.personne.user), acting_user=s.referent)
    with pytest.raises(ValidationError, match="point d'étape"):
        points_etape.proposer_point_etape(contrat, [CreneauFactory(agenda=agenda)], acting_user=s.referent)
    ailleurs = CreneauFactory(motif=Motif.POINT_ETAPE)
    with pytest.raises(ValidationError, match="organisme référent"):
        points_etape.proposer_point_etape(contrat, [ailleurs], acting_user=s.referent)
    with pytest.raises(ValidationError, match="Seul un référent"):
        points_etape.proposer_point_etape(contrat, [creneau], acting_user=s.personne.user)
    (rdv,) = points_etape.proposer_point_etape(contrat, [creneau], acting_user=s.referent)
    assert (rdv.personne, rdv.statut, rdv.creneau.motif) == (s.personne, StatutRendezVous.PROPOSE, Motif.POINT_ETAPE)
    assert any(e["libelle"].startswith("Point d'étape du") for e in suivi.chronologie(contrat))
