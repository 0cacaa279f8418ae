"""Issue 19: the follow-up status per person and motif (``rendezvous.suivi``), its allowed moves and history,
moved by the appointment actions and, in bulk, by the invitations (a fixed number of statements)."""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from francetravail.invitations.enums import CanalInvitation
from francetravail.invitations.models import Invitation
from francetravail.rendezvous import actions, suivi
from francetravail.rendezvous.enums import Motif, StatutManquement, StatutRendezVous, StatutSuivi
from francetravail.rendezvous.models import HistoriqueSuivi, ManquementAExaminer, SuiviRendezVous
from tests.factories import PersonneFactory
from tests.rendezvous.factories import CreneauFactory, rdv_reserve

pytestmark = pytest.mark.django_db
MOTIF = Motif.ENTRETIEN_ORIENTATION


def _invitation(personne, org, **kwargs):
    return Invitation.objects.create(
        personne=personne,
        organisation=org,
        motif=MOTIF,
        canaux=[CanalInvitation.SMS],
        nonce=secrets.token_hex(16),
        code=secrets.token_hex(4)[:8],
        expire_le=timezone.now() + timedelta(days=10),
        **kwargs,
    )


def _etat(personne, motif=MOTIF):
    ligne = SuiviRendezVous.objects.filter(personne=personne, motif=motif).first()
    return None if ligne is None else ligne.statut


def _historique(personne, motif=MOTIF):
    return list(
        HistoriqueSuivi.objects.filter(suivi__personne=personne, suivi__motif=motif)
        .order_by("at", "pk")
        .values_list("statut_avant", "statut_apres")
    )


# --- Through the appointment actions ----------------------------------------------------------------


def test_reserver_puis_absent_puis_correction_puis_annulation(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=timezone.now() + timedelta(days=3))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    ligne = SuiviRendezVous.objects.get(personne=personne, motif=MOTIF)
    assert (ligne.statut, ligne.rendez_vous_id, ligne.organisation_id) == (
        StatutSuivi.RDV_PRIS,
        rdv.pk,
        agenda.organisation_id,
    )
    # Cancelled: back to « à réinviter ».
    actions.annuler(rdv, acting_user=conseiller, motif="Empêchement")
    assert _etat(personne) == StatutSuivi.ANNULE
    # Booked again on a slot already started (written directly), then absent: ManquementAExaminer as today.
    passe = CreneauFactory(agenda=agenda, passe=True)
    rdv2 = rdv_reserve(personne, passe)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RDV_PRIS, rendez_vous_id=rdv2.pk)
    actions.enregistrer_presence(rdv2, StatutRendezVous.ABSENT, acting_user=conseiller)
    assert _etat(personne) == StatutSuivi.ABSENT
    assert ManquementAExaminer.objects.get(rendez_vous=rdv2).statut == StatutManquement.A_EXAMINER
    actions.corriger_presence(rdv2, StatutRendezVous.HONORE, acting_user=conseiller, correction="Erreur de saisie")
    assert _etat(personne) == StatutSuivi.HONORE
    assert _historique(personne) == [
        ("", StatutSuivi.RDV_PRIS),
        (StatutSuivi.RDV_PRIS, StatutSuivi.ANNULE),
        (StatutSuivi.ANNULE, StatutSuivi.RDV_PRIS),
        (StatutSuivi.RDV_PRIS, StatutSuivi.ABSENT),
        (StatutSuivi.ABSENT, StatutSuivi.HONORE),
    ]
    assert HistoriqueSuivi.objects.filter(suivi__personne=personne).last().user == conseiller


def test_une_proposition_ne_bouge_pas_le_suivi_son_annulation_non_plus(personne, agenda, conseiller):
    (rdv,) = actions.proposer_creneaux(personne, [CreneauFactory(agenda=agenda)], acting_user=conseiller)
    assert _etat(personne) is None
    actions.annuler(rdv, acting_user=conseiller, motif="Plus utile")
    assert _etat(personne) is None


def test_excuse_et_deplacement(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=timezone.now() + timedelta(days=3))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    autre = CreneauFactory(agenda=agenda, debut=timezone.now() + timedelta(days=4), motif=Motif.DIAGNOSTIC)
    actions.deplacer(rdv, autre, acting_user=conseiller, motif="Changement de motif")
    assert _etat(personne, MOTIF) == StatutSuivi.ANNULE
    assert _etat(personne, Motif.DIAGNOSTIC) == StatutSuivi.RDV_PRIS
    passe = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RDV_PRIS, rendez_vous_id=passe.pk)
    actions.enregistrer_presence(passe, StatutRendezVous.EXCUSE, acting_user=conseiller, motif="Malade")
    assert _etat(personne, MOTIF) == StatutSuivi.EXCUSE


def test_une_action_refusee_ne_bouge_pas_le_suivi(personne, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=timezone.now() + timedelta(days=3))
    rdv = actions.reserver(personne, creneau, acting_user=conseiller)
    avant = _historique(personne)
    with pytest.raises(Exception):  # noqa: B017,PT011 -- not started yet: refused
        actions.enregistrer_presence(rdv, StatutRendezVous.ABSENT, acting_user=conseiller)
    assert _etat(personne) == StatutSuivi.RDV_PRIS
    assert _historique(personne) == avant


# --- The allowed moves -----------------------------------------------------------------------------


def test_une_invitation_tardive_ne_ramene_pas_un_rendez_vous_pris_a_invite(personne, org):
    ancienne = _invitation(personne, org)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE, invitation_id=ancienne.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RDV_PRIS, invitation_id=ancienne.pk)
    # The same invitation again (a replayed or late bulk call), or no invitation: nothing moves.
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE, invitation_id=ancienne.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE)
    assert _etat(personne) == StatutSuivi.RDV_PRIS
    # Its relance and expiry neither.
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE, invitation_id=ancienne.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.EXPIRE, invitation_id=ancienne.pk)
    assert _etat(personne) == StatutSuivi.RDV_PRIS
    assert len(_historique(personne)) == 2
    # A new invitation really created: invited again.
    ancienne.statut = "utilisee"
    ancienne.save(update_fields=["statut"])
    nouvelle = _invitation(personne, org)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE, invitation_id=nouvelle.pk)
    ligne = SuiviRendezVous.objects.get(personne=personne, motif=MOTIF)
    assert (ligne.statut, ligne.invitation_id) == (StatutSuivi.INVITE, nouvelle.pk)


def test_relance_expiration_rappel_de_l_invitation_en_cours_seulement(personne, org):
    premiere = _invitation(personne, org, statut="retiree")
    seconde = _invitation(personne, org)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.INVITE, invitation_id=seconde.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.EXPIRE, invitation_id=premiere.pk)
    assert _etat(personne) == StatutSuivi.INVITE
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE, invitation_id=seconde.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE, invitation_id=seconde.pk)  # replay
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RAPPEL_DEMANDE, invitation_id=seconde.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.EXPIRE, invitation_id=seconde.pk)
    assert _historique(personne) == [
        ("", StatutSuivi.INVITE),
        (StatutSuivi.INVITE, StatutSuivi.RELANCE),
        (StatutSuivi.RELANCE, StatutSuivi.RAPPEL_DEMANDE),
        (StatutSuivi.RAPPEL_DEMANDE, StatutSuivi.EXPIRE),
    ]


def test_sans_ligne_une_relance_ne_cree_rien(personne):
    ligne = suivi.noter(personne.pk, MOTIF, StatutSuivi.RELANCE)
    assert ligne.pk is None and ligne.statut == StatutSuivi.NON_INVITE
    assert not SuiviRendezVous.objects.filter(personne=personne).exists()


def test_la_presence_d_un_ancien_rendez_vous_ne_cache_pas_la_reservation_en_attente(personne, agenda):
    ancien = rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))
    nouveau = rdv_reserve(personne, CreneauFactory(agenda=agenda))
    suivi.noter(personne.pk, MOTIF, StatutSuivi.RDV_PRIS, rendez_vous_id=nouveau.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.ABSENT, rendez_vous_id=ancien.pk)
    suivi.noter(personne.pk, MOTIF, StatutSuivi.ANNULE, rendez_vous_id=ancien.pk)
    assert _etat(personne) == StatutSuivi.RDV_PRIS
    suivi.noter(personne.pk, MOTIF, StatutSuivi.HONORE, rendez_vous_id=nouveau.pk)
    assert _etat(personne) == StatutSuivi.HONORE


def test_non_invite_n_est_jamais_une_destination(personne):
    assert not suivi.permise(StatutSuivi.INVITE, StatutSuivi.NON_INVITE)


# --- In bulk ---------------------------------------------------------------------------------------


def _masse(org, n):
    personnes = PersonneFactory.create_batch(n, organisme_referent=org)
    return personnes, [(p.pk, org.pk, _invitation(p, org).pk) for p in personnes]


def test_en_masse_un_nombre_fixe_de_requetes(org, conseiller, django_assert_max_num_queries):
    for n in (3, 30):
        personnes, lignes = _masse(org, n)
        with django_assert_max_num_queries(3):
            deplaces = suivi.noter_en_masse(lignes, MOTIF, StatutSuivi.INVITE, acting_user=conseiller)
        assert sorted(deplaces) == sorted(p.pk for p in personnes)
        assert SuiviRendezVous.objects.filter(personne__in=personnes, statut=StatutSuivi.INVITE).count() == n
        assert HistoriqueSuivi.objects.filter(suivi__personne__in=personnes, user=conseiller).count() == n


def test_en_masse_memes_regles_que_noter(org, agenda, conseiller):
    personnes, lignes = _masse(org, 4)
    pris, relance, neuf, sans_ligne = personnes
    suivi.noter_en_masse(lignes[:3], MOTIF, StatutSuivi.INVITE)
    suivi.noter(pris.pk, MOTIF, StatutSuivi.RDV_PRIS, invitation_id=lignes[0][2])
    # A late bulk with the same invitations: the booked person stays booked, the others do not move either.
    assert suivi.noter_en_masse(lignes[:3], MOTIF, StatutSuivi.INVITE) == []
    assert _etat(pris) == StatutSuivi.RDV_PRIS
    # The relance sweep: only running invitations, no row created for someone never invited.
    deplaces = suivi.noter_en_masse(lignes, MOTIF, StatutSuivi.RELANCE, commentaire="Relance à 3 jours")
    assert sorted(deplaces) == sorted([relance.pk, neuf.pk])
    assert _etat(sans_ligne) is None
    assert _historique(relance) == [("", StatutSuivi.INVITE), (StatutSuivi.INVITE, StatutSuivi.RELANCE)]
    # A new invitation for the booked person: invited again.
    nouvelle = _invitation(pris, org, statut="retiree")
    assert suivi.noter_en_masse([(pris.pk, org.pk, nouvelle.pk)], MOTIF, StatutSuivi.INVITE) == [pris.pk]
    assert _historique(pris)[-1] == (StatutSuivi.RDV_PRIS, StatutSuivi.INVITE)


def test_en_masse_refuse_les_mouvements_qui_ne_sont_pas_des_invitations(org):
    with pytest.raises(ValueError):  # noqa: PT011
        suivi.noter_en_masse([(1, org.pk, None)], MOTIF, StatutSuivi.HONORE)
