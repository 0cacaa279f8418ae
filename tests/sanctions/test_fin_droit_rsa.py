"""The end of the RSA right after a total suppression of 4 months (CASF R262-68; R262-40 3°):
when it may be decided (each side of the bound, through the action), by whom, what it does
(rights ended, letter with the RAPO, logs), and its only way back: a RAPO."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from contrats.regles import ajouter_mois
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.reseau.enums import Role
from inscription.models import DroitRSA
from sanctions import actions, courriers, delais, fin_droit
from sanctions.enums import Public, StatutFinDroit, StatutProcedure, StatutRecours, VoieRecours
from sanctions.models import CourrierProcedure, FinDroitRSA, HistoriqueProcedure, ProcedureSanction, TypeCourrier
from tests.factories import OrganisationFactory, professionnel
from tests.sanctions.factories import Situation, relire
from tests.sanctions.situations_rsa import droit_rsa, suppression_de_situation

pytestmark = pytest.mark.django_db

S = StatutProcedure
MOTIVATION = "Aucune démarche depuis la suppression, aucune réponse aux trois convocations du référent."


def aujourdhui():
    return timezone.localdate()


def erreur(excinfo):
    return " ".join(excinfo.value.messages)


@pytest.fixture
def s():
    return Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))


def terminee(s, *, il_y_a_jours=0):
    """A total suppression whose 4 months were reached ``il_y_a_jours`` days ago (0: today) — or not yet,
    for a negative value. Its first day is ``ajouter_mois(today, -4)`` moved by the same number of days."""
    debut = ajouter_mois(aujourdhui(), -4) - datetime.timedelta(days=il_y_a_jours)
    return suppression_de_situation(s, debut=debut)


def mettre_fin(procedure, user, **kwargs):
    return fin_droit.mettre_fin_au_droit(procedure, acting_user=user, motivation=MOTIVATION, **kwargs)


def rien_n_a_change(procedure, droits_avant):
    assert not FinDroitRSA.objects.filter(procedure=procedure).exists()
    assert list(DroitRSA.objects.filter(personne=procedure.personne).values_list("pk", "fin_droit")) == droits_avant
    assert not CourrierProcedure.objects.filter(procedure=procedure, type_courrier=TypeCourrier.FIN_DROIT_RSA).exists()
    assert not AuditEvent.objects.filter(
        event_type=TypeEvenement.SANCTION_FIN_DROIT_RSA, personne=procedure.personne
    ).exists()


def droits(procedure):
    return list(DroitRSA.objects.filter(personne=procedure.personne).values_list("pk", "fin_droit"))


# --- The bound: the day before and the day the 4 months are reached ------------------------


@pytest.mark.parametrize(
    ("debut", "veille", "atteinte"),
    [
        # An ordinary month, then month ends: a period of 4 months from 31 October ends on the last day of
        # February (28, or 29 in a leap year) and the 4 months are reached on 1 March
        # (francetravail.base.calendrier: a period counts its first day).
        (datetime.date(2025, 7, 15), datetime.date(2025, 11, 14), datetime.date(2025, 11, 15)),
        (datetime.date(2025, 10, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 1)),
        (datetime.date(2027, 10, 31), datetime.date(2028, 2, 29), datetime.date(2028, 3, 1)),
    ],
)
def test_la_veille_des_quatre_mois_non_le_jour_meme_oui(s, debut, veille, atteinte):
    procedure = suppression_de_situation(s, debut=debut)
    assert procedure.fin == veille  # the suppression's last day
    assert fin_droit.atteinte_le(procedure) == atteinte
    avant = droits(procedure)
    with pytest.raises(ValidationError, match=f"à partir du {atteinte:%d/%m/%Y}") as excinfo:
        mettre_fin(procedure, s.decideur_cd, aujourdhui=veille)
    assert f"jusqu'au {veille:%d/%m/%Y} inclus" in erreur(excinfo)
    rien_n_a_change(procedure, avant)
    fin = mettre_fin(relire(procedure), s.decideur_cd, aujourdhui=atteinte)
    assert fin.effet_le == atteinte


@pytest.mark.parametrize("il_y_a_jours", [-1, 0])
def test_le_jour_reel_la_veille_refusee_le_jour_accepte(s, il_y_a_jours):
    procedure = terminee(s, il_y_a_jours=il_y_a_jours)
    possible = fin_droit.atteinte_le(procedure) <= aujourdhui()
    assert possible is (il_y_a_jours == 0)
    # The queryset form of the rule agrees with the rule on each side (the queue and the action).
    assert fin_droit.a_decider(s.decideur_cd).filter(pk=procedure.pk).exists() is possible
    assert (not fin_droit.motifs_refus(procedure, aujourdhui())) is possible
    if possible:
        assert mettre_fin(procedure, s.decideur_cd).statut == StatutFinDroit.NOTIFIEE
    else:
        avant = droits(procedure)
        with pytest.raises(ValidationError, match="à partir du"):
            mettre_fin(procedure, s.decideur_cd)
        rien_n_a_change(procedure, avant)


def test_possible_aussi_une_fois_la_suppression_echue(s):
    from sanctions.tasks import balayer_sanctions_quotidien

    procedure = terminee(s, il_y_a_jours=3)
    balayer_sanctions_quotidien()
    assert relire(procedure).statut == S.ECHUE
    assert fin_droit.a_decider(s.decideur_cd).filter(pk=procedure.pk).exists()
    assert mettre_fin(relire(procedure), s.decideur_cd).procedure_id == procedure.pk


# --- What it does ---------------------------------------------------------------------------


def test_la_decision_clot_les_droits_envoie_la_lettre_et_journalise(s, django_capture_on_commit_callbacks):
    procedure = terminee(s)
    conjoint = droit_rsa(
        # Another member of the household: their own row is not ended by the person's sanction.
        Situation(public=Public.RSA).personne,
        numero=DroitRSA.objects.get(personne=s.personne).numero_allocataire,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fin = mettre_fin(procedure, s.decideur_cd, note_interne="Vu en commission.")
    droit = DroitRSA.objects.get(personne=s.personne)
    assert droit.fin_droit == aujourdhui()
    assert "R262-68" in droit.motif_fin and f"n° {procedure.pk}" in droit.motif_fin
    assert DroitRSA.objects.get(pk=conjoint.pk).fin_droit is None
    assert fin.droits == [droit.pk]
    assert fin.decidee_par == s.decideur_cd and fin.motivation == MOTIVATION
    # The letter: reasons, date, the RAPO and its deadline (sanctions.delai_rapo_rsa, two months).
    lettre = CourrierProcedure.objects.get(procedure=procedure, type_courrier=TypeCourrier.FIN_DROIT_RSA)
    echeance = delais.echeance_recours(aujourdhui(), VoieRecours.RAPO, departement=s.personne.departement_id)
    assert echeance == ajouter_mois(aujourdhui(), 2)
    assert lettre.contenu["echeance"] == echeance.isoformat()
    assert lettre.document and len(lettre.empreinte) == 64
    with lettre.document.open("rb") as f:
        texte = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "met fin à votre droit au revenu de solidarité active" in texte
    assert MOTIVATION in texte
    assert "recours administratif préalable obligatoire" in texte
    assert f"au plus tard le {echeance:%d/%m/%Y}" in texte
    assert "R262-68" in texte and "R262-40 3°" in texte
    assert courriers.rendre_pdf(lettre.contenu) == courriers.rendre_pdf(relire(lettre).contenu)
    # Logged: the procedure's log (the internal note apart) and the audit log.
    ligne = HistoriqueProcedure.objects.filter(procedure=procedure).order_by("-pk").first()
    assert ligne.courrier_id == lettre.pk and ligne.user == s.decideur_cd
    assert ligne.note_interne == "Vu en commission." and MOTIVATION in ligne.motif
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.SANCTION_FIN_DROIT_RSA, personne=s.personne)
    assert evenement.acting_user == s.decideur_cd and evenement.data["droits"] == [droit.pk]
    assert AuditEvent.objects.filter(event_type=TypeEvenement.DROIT_RSA_CLOS, personne=s.personne).exists()
    # The procedure itself does not move: the suppression stands as decided.
    assert relire(procedure).statut == S.SANCTION_EN_COURS


def test_une_seule_decision_par_procedure(s):
    procedure = terminee(s)
    mettre_fin(procedure, s.decideur_cd)
    with pytest.raises(ValidationError, match="déjà été décidée"):
        mettre_fin(relire(procedure), s.decideur_cd)
    assert FinDroitRSA.objects.filter(procedure=procedure).count() == 1


def test_la_motivation_est_requise_et_la_fin_ne_precede_pas_la_decision(s):
    procedure = terminee(s)
    avant = droits(procedure)
    with pytest.raises(ValidationError, match="motivée"):
        fin_droit.mettre_fin_au_droit(procedure, acting_user=s.decideur_cd, motivation="  ")
    with pytest.raises(ValidationError, match="précéder"):
        mettre_fin(procedure, s.decideur_cd, effet_le=aujourdhui() - datetime.timedelta(days=1))
    rien_n_a_change(procedure, avant)
    plus_tard = aujourdhui() + datetime.timedelta(days=25)
    assert mettre_fin(procedure, s.decideur_cd, effet_le=plus_tard).effet_le == plus_tard
    assert DroitRSA.objects.get(personne=s.personne).fin_droit == plus_tard


# --- Who decides ----------------------------------------------------------------------------


def test_seul_le_decideur_du_departement_decide(s):
    procedure = terminee(s)
    avant = droits(procedure)
    autre_cd = professionnel(OrganisationFactory(conseil_departemental=True), role=Role.DECIDEUR_DEPARTEMENTAL)
    for user in (s.controleur, s.equipe_pluri, s.delegue, s.mediateur, autre_cd, s.personne.user):
        with pytest.raises(ValidationError, match="président du conseil départemental"):
            mettre_fin(procedure, user)
    # The person's référent never decides, even holding the decider's role in the département.
    from francetravail.reseau.models import Membership

    Membership.objects.create(user=s.referent, organisation=s.conseil, role=Role.DECIDEUR_DEPARTEMENTAL)
    with pytest.raises(ValidationError, match="référent"):
        mettre_fin(procedure, type(s.referent).objects.get(pk=s.referent.pk))
    rien_n_a_change(procedure, avant)


# --- When it may not ------------------------------------------------------------------------


def test_pas_apres_une_remobilisation(s):
    procedure = terminee(s, il_y_a_jours=2)
    actions.enregistrer_remobilisation(procedure, acting_user=s.referent, constat="Contrat signé, démarches reprises.")
    avant = droits(procedure)
    with pytest.raises(ValidationError, match="se conforme de nouveau"):
        mettre_fin(relire(procedure), s.decideur_cd)
    rien_n_a_change(procedure, avant)
    assert not fin_droit.a_decider(s.decideur_cd).filter(pk=procedure.pk).exists()


def test_le_referent_peut_constater_la_remobilisation_apres_la_suppression(s):
    from sanctions.tasks import balayer_sanctions_quotidien

    procedure = terminee(s, il_y_a_jours=2)
    balayer_sanctions_quotidien()
    assert relire(procedure).statut == S.ECHUE
    actions.enregistrer_remobilisation(relire(procedure), acting_user=s.referent, constat="Contrat signé le 2.")
    with pytest.raises(ValidationError, match="se conforme de nouveau"):
        mettre_fin(relire(procedure), s.decideur_cd)
    # An ended sanction of any other kind still takes no remobilisation.
    autre = Situation()
    echue = autre.en_cours()
    ProcedureSanction.objects.filter(pk=echue.pk).update(
        debut=aujourdhui() - datetime.timedelta(days=40), fin=aujourdhui() - datetime.timedelta(days=2)
    )
    balayer_sanctions_quotidien()
    with pytest.raises(ValidationError, match="Aucune sanction n'est en cours"):
        actions.enregistrer_remobilisation(relire(echue), acting_user=autre.referent, constat="Trop tard.")


def test_pas_pour_une_suppression_partielle_ou_plus_courte(s):
    from tests.sanctions.situations_rsa import a_decider

    base = {"signale_par": s.referent, "equipe": s.controleur}
    droit_rsa(s.personne)
    premiere = a_decider(s.personne, date_faits=aujourdhui() - datetime.timedelta(days=60), **base)
    premiere = actions.decider(
        premiere, acting_user=s.decideur_cd, mesure="suspension", taux=30, duree_mois=1, motivation="Premier."
    )
    ProcedureSanction.objects.filter(pk=premiere.pk).update(decidee_le=timezone.now() - datetime.timedelta(days=40))
    cas = {}
    for nom, taux, duree in (("partielle", 90, 4), ("courte", 100, 3)):
        procedure = a_decider(s.personne, date_faits=aujourdhui() - datetime.timedelta(days=20), **base)
        actions.enregistrer_avis_equipe_pluridisciplinaire(procedure, acting_user=s.equipe_pluri, avis="Favorable.")
        procedure = actions.decider(
            relire(procedure),
            acting_user=s.decideur_cd,
            mesure="suppression",
            taux=taux,
            duree_mois=duree,
            motivation="Réitération.",
        )
        debut = ajouter_mois(aujourdhui(), -5)
        ProcedureSanction.objects.filter(pk=procedure.pk).update(
            statut=S.ECHUE, debut=debut, fin=delais.fin_sanction(debut, duree)
        )
        cas[nom] = relire(procedure)
    for procedure in cas.values():
        with pytest.raises(ValidationError, match="suppression totale"):
            mettre_fin(procedure, s.decideur_cd)
        assert not fin_droit.a_decider(s.decideur_cd).filter(pk=procedure.pk).exists()


def test_pas_hors_du_rsa():
    s = Situation()
    procedure = s.en_cours()
    with pytest.raises(ValidationError, match="président du conseil départemental"):
        mettre_fin(procedure, s.delegue)
    assert fin_droit.motifs_refus(procedure, aujourdhui()) == [
        "La fin du droit ne concerne que le revenu de solidarité active (CASF R262-68)."
    ]


def test_pas_apres_une_levee_ni_une_annulation(s):
    procedure = terminee(s, il_y_a_jours=1)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(statut=S.LEVEE)
    with pytest.raises(ValidationError, match="levée"):
        mettre_fin(relire(procedure), s.decideur_cd)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(statut=S.ANNULEE)
    with pytest.raises(ValidationError, match="annulée sur recours"):
        mettre_fin(relire(procedure), s.decideur_cd)


# --- The only way back: the RAPO ------------------------------------------------------------


def test_rapo_annule_la_fin_de_droit_et_retablit_le_droit(s):
    procedure = terminee(s)
    fin = mettre_fin(procedure, s.decideur_cd)
    recours = fin_droit.former_recours(fin, acting_user=s.personne.user, motifs="J'ai repris mes démarches.")
    assert (recours.voie, recours.fin_droit_id, recours.hors_delai) == (VoieRecours.RAPO, fin.pk, False)
    assert recours.echeance == ajouter_mois(aujourdhui(), 2)
    accuse = CourrierProcedure.objects.get(recours=recours, type_courrier=TypeCourrier.ACCUSE_RECOURS)
    assert accuse.contenu["objet"] == "la décision de fin de droit au RSA"
    # The sanction's own appeals are another matter: the two do not block each other.
    assert actions.former_recours(relire(procedure), acting_user=s.personne.user, motifs="Et la suppression.")
    with pytest.raises(ValidationError, match="instruire"):
        actions.instruire_recours(recours, acting_user=s.mediateur)
    recours = actions.instruire_recours(recours, acting_user=s.decideur_cd)
    with pytest.raises(ValidationError, match="réformée"):
        actions.statuer_recours(recours, acting_user=s.decideur_cd, issue=StatutRecours.REFORMEE, motivation="x")
    actions.statuer_recours(
        recours, acting_user=s.decideur_cd, issue=StatutRecours.ANNULEE, motivation="Démarches reprises : prouvé."
    )
    fin = FinDroitRSA.objects.get(pk=fin.pk)
    assert fin.statut == StatutFinDroit.ANNULEE and fin.annulee_le is not None
    assert DroitRSA.objects.get(personne=s.personne).fin_droit is None
    assert DroitRSA.objects.get(personne=s.personne).motif_fin == ""
    assert AuditEvent.objects.filter(event_type=TypeEvenement.DROIT_RSA_RETABLI, personne=s.personne).exists()
    # The suppression itself is untouched by this appeal.
    assert relire(procedure).statut == S.SANCTION_EN_COURS
    with pytest.raises(ValidationError, match="annulée"):
        fin_droit.former_recours(fin, acting_user=s.personne.user, motifs="Encore.")


def test_rapo_maintenu_puis_plus_de_rapo(s):
    procedure = terminee(s)
    fin = mettre_fin(procedure, s.decideur_cd)
    recours = fin_droit.former_recours(fin, acting_user=s.personne.user, motifs="Je conteste.")
    with pytest.raises(ValidationError, match="déjà en cours"):
        fin_droit.former_recours(fin, acting_user=s.personne.user, motifs="Deux fois.")
    recours = actions.instruire_recours(recours, acting_user=s.decideur_cd)
    actions.statuer_recours(recours, acting_user=s.decideur_cd, issue=StatutRecours.MAINTENUE, motivation="Fondée.")
    assert FinDroitRSA.objects.get(pk=fin.pk).statut == StatutFinDroit.NOTIFIEE
    assert DroitRSA.objects.get(personne=s.personne).fin_droit == aujourdhui()
    with pytest.raises(ValidationError, match="tribunal administratif"):
        fin_droit.former_recours(fin, acting_user=s.personne.user, motifs="Encore.")


def test_rapo_hors_delai_garde_et_signale(s):
    procedure = terminee(s)
    fin = mettre_fin(procedure, s.decideur_cd)
    # Noon of the local day 70 days ago: « now minus 70 days » crosses the DST change late in the evening.
    il_y_a_70_jours = aujourdhui() - datetime.timedelta(days=70)
    decidee_le = timezone.make_aware(datetime.datetime.combine(il_y_a_70_jours, datetime.time(12)))
    FinDroitRSA.objects.filter(pk=fin.pk).update(decidee_le=decidee_le)
    fin = FinDroitRSA.objects.get(pk=fin.pk)
    echeance = fin_droit.echeance_recours(fin)
    assert echeance == ajouter_mois(aujourdhui() - datetime.timedelta(days=70), 2)
    recours = fin_droit.former_recours(fin, acting_user=s.controleur, motifs="Reçu par la poste.")
    assert recours.hors_delai is (aujourdhui() > echeance) is True


def test_seuls_la_personne_l_equipe_et_le_departement_forment_le_rapo(s):
    procedure = terminee(s)
    fin = mettre_fin(procedure, s.decideur_cd)
    for user in (s.mediateur, s.delegue, Situation().personne.user):
        with pytest.raises(ValidationError, match="Seule la personne"):
            fin_droit.former_recours(fin, acting_user=user, motifs="x")
    assert not fin.recours.exists()
    assert fin_droit.former_recours(fin, acting_user=s.decideur_cd, motifs="Reçu au courrier.").forme_par == (
        s.decideur_cd
    )
