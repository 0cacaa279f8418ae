"""Inviting one person and many: rows written, channels, reasons for skipping, refusals, withdrawal of the
previous invitation, the 15-day limit, and a bulk invitation whose queries do not grow with its people."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.invitations import actions, lien
from francetravail.invitations.enums import CanalInvitation as C
from francetravail.invitations.enums import StatutInvitation, StatutLot, TypeEnvoi
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotInvitations
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import SuiviRendezVous
from francetravail.reseau.enums import Role
from inscription.enums import StatutInscription
from tests.contrats.factories import orientation_notifiee
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve

TOUS = C.values
ORIENTATION = Motif.ENTRETIEN_ORIENTATION


def _inviter(personne, conseiller, org, canaux=TOUS, motif=ORIENTATION):
    return actions.inviter(personne, motif=motif, organisation=org, canaux=canaux, acting_user=conseiller)


def _jeton_dans(texte):
    return re.search(r"/rdv/([^/\s]+)/", texte).group(1)


def _etat():
    """What a refused invitation must leave unchanged."""
    return (
        list(Invitation.objects.values_list("pk", "statut")),
        EnvoiInvitation.objects.count(),
        Notification.objects.count(),
        SuiviRendezVous.objects.count(),
        AuditEvent.objects.filter(event_type=TypeEvenement.INVITATION_ENVOYEE).count(),
    )


def test_inviter_une_personne_ecrit_l_invitation_ses_envois_et_le_suivi(personne, conseiller, org):
    avant = timezone.now()
    invitation = _inviter(personne, conseiller, org)
    assert invitation.statut == StatutInvitation.ENVOYEE
    assert invitation.canaux == [C.EMAIL, C.SMS, C.COURRIER]
    assert len(invitation.code) == 8 and set(invitation.code) <= set(actions.ALPHABET_CODE)
    assert len(invitation.nonce) >= 20
    # Parameters: 10 days of validity, a relance after 3 (national values).
    assert avant + timedelta(days=10) <= invitation.expire_le <= timezone.now() + timedelta(days=10)
    assert invitation.prochaine_relance == invitation.created_at + timedelta(days=3)
    # Not oriented: no 15-day limit, slots are offered until the expiry.
    assert invitation.limite_rdv == timezone.localdate(invitation.expire_le)
    envois = {e.canal: e for e in EnvoiInvitation.objects.filter(invitation=invitation)}
    assert set(envois) == {C.EMAIL, C.SMS, C.COURRIER}
    assert {e.type_envoi for e in envois.values()} == {TypeEnvoi.INVITATION}
    assert envois[C.COURRIER].notification is None
    courriel, sms = envois[C.EMAIL].notification, envois[C.SMS].notification
    assert (courriel.canal, courriel.adresse, courriel.destinataire) == (Canal.EMAIL, personne.email, None)
    assert (sms.canal, sms.adresse) == (Canal.SMS, "+33601020304")
    assert sms.type_notification == "invitations.invitation"
    # The wording is rendered at write time with the absolute link, and kept on the notification.
    assert lien.lire(_jeton_dans(courriel.contexte["texte"])) == invitation
    assert "au plus tard" not in courriel.contexte["texte"]
    assert org.nom in sms.contexte["texte"]
    suivi = SuiviRendezVous.objects.get(personne=personne, motif=ORIENTATION)
    assert (suivi.statut, suivi.invitation_id, suivi.organisation_id) == (StatutSuivi.INVITE, invitation.pk, org.pk)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.INVITATION_ENVOYEE, personne=personne)
    assert (evenement.acting_user, evenement.data["invitation"]) == (conseiller, invitation.pk)


def test_les_gabarits_impriment_la_formulation_puis_les_mentions_legales(personne, conseiller, org):
    from francetravail.notifications.dispatch import rendre_courriel, rendre_sms

    invitation = _inviter(personne, conseiller, org, canaux=[C.EMAIL, C.SMS])
    courriel = Notification.objects.get(cle_idempotence=f"invitation:{invitation.pk}:invitation:email")
    sujet, corps = rendre_courriel(courriel)
    assert org.nom in sujet
    assert corps.index("/rdv/") < corps.index("délégué à la protection des données")
    assert "L5412-1" in corps and "responsable du traitement" in corps
    sms = rendre_sms(Notification.objects.get(cle_idempotence=f"invitation:{invitation.pk}:invitation:sms"))
    assert lien.lire(_jeton_dans(sms)) == invitation and "procédure possible" in sms and "donnees-personnelles" in sms


def test_seuls_les_canaux_possibles_et_choisis_sont_utilises(org, conseiller):
    sans_mobile = PersonneFactory(organisme_referent=org, telephone="0320000000")
    invitation = _inviter(sans_mobile, conseiller, org, canaux=[C.SMS, C.COURRIER])
    assert invitation.canaux == [C.COURRIER]
    assert Notification.objects.filter(cle_idempotence__startswith=f"invitation:{invitation.pk}:").count() == 0


def test_une_personne_orientee_a_la_limite_des_15_jours(personne, conseiller, org):
    notifiee = timezone.now() - timedelta(days=8)  # day 15 is in 7 days, before the link's expiry (10)
    orientation_notifiee(personne, notifiee_le=notifiee)
    invitation = _inviter(personne, conseiller, org)
    assert invitation.limite_rdv == timezone.localdate(notifiee) + timedelta(days=15)
    texte = Notification.objects.get(cle_idempotence=f"invitation:{invitation.pk}:invitation:email").contexte["texte"]
    assert "au plus tard le" in texte
    # A point d'étape is not under the delay.
    point = _inviter(personne, conseiller, org, motif=Motif.POINT_ETAPE)
    assert point.limite_rdv == timezone.localdate(point.expire_le)


def test_une_nouvelle_invitation_retire_la_precedente_et_son_lien(personne, conseiller, org):
    premiere = _inviter(personne, conseiller, org)
    jeton = lien.jeton(premiere)
    seconde = _inviter(personne, conseiller, org)
    premiere.refresh_from_db()
    assert premiere.statut == StatutInvitation.RETIREE and premiere.prochaine_relance is None
    assert seconde.statut == StatutInvitation.ENVOYEE and seconde.nonce != premiere.nonce
    with pytest.raises(lien.LienExpire):
        lien.lire(jeton)
    assert lien.lire(lien.jeton(seconde)) == seconde
    # Another motif is another invitation: it withdraws nothing.
    _inviter(personne, conseiller, org, motif=Motif.DIAGNOSTIC)
    seconde.refresh_from_db()
    assert seconde.statut == StatutInvitation.ENVOYEE


def test_sans_aucun_canal_la_personne_n_est_pas_invitee(org, conseiller):
    injoignable = PersonneFactory(organisme_referent=org, email="", telephone="", adresse="")
    avant = _etat()
    with pytest.raises(ValidationError, match="Aucun moyen de la joindre"):
        _inviter(injoignable, conseiller, org)
    assert _etat() == avant


def test_un_rendez_vous_deja_reserve_pour_le_motif_empeche_l_invitation(personne, conseiller, org):
    rdv_reserve(personne, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(2)))
    avant = _etat()
    with pytest.raises(ValidationError, match="déjà un rendez-vous réservé"):
        _inviter(personne, conseiller, org)
    assert _etat() == avant
    # Another motif: invited.
    assert _inviter(personne, conseiller, org, motif=Motif.DIAGNOSTIC).statut == StatutInvitation.ENVOYEE


def _cesser(personne):
    dossier = dossier_complet(personne)
    type(dossier).objects.filter(pk=dossier.pk).update(
        statut=StatutInscription.CESSEE,
        motif_cessation="Radiation (test)",
        cessee_le=timezone.now(),
        cessee_jusqu_au=timezone.localdate() + timedelta(30),
    )


def test_une_inscription_cessee_empeche_l_invitation(personne, conseiller, org):
    _cesser(personne)
    avant = _etat()
    with pytest.raises(ValidationError, match="cessée|terminé"):
        _inviter(personne, conseiller, org)
    assert _etat() == avant


@pytest.mark.parametrize(
    "qui",
    [
        "conseiller_d_une_autre_organisation",
        "administrateur_de_l_organisation",
        "conseiller_qui_ne_lit_pas_le_dossier",
    ],
)
def test_refus_de_qui_ne_travaille_pas_les_agendas_ou_ne_lit_pas_le_dossier(qui, personne, org):
    if qui == "conseiller_d_une_autre_organisation":
        acteur = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    elif qui == "administrateur_de_l_organisation":
        acteur = professionnel(org, Role.ADMIN_ORGANISATION)
    else:
        acteur = professionnel(org, Role.CONSEILLER)
        personne = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="59"))
    avant = _etat()
    with pytest.raises(ValidationError, match="Seuls les professionnels|ne vous est pas ouvert"):
        _inviter(personne, acteur, org)
    if qui != "conseiller_qui_ne_lit_pas_le_dossier":
        # The lot is refused at once; a file not read is skipped by the worker (test_le_lot_invite_chacun...).
        with pytest.raises(ValidationError, match="Seuls les professionnels"):
            actions.inviter_en_masse(
                [personne.pk], motif=ORIENTATION, organisation=org, canaux=TOUS, origine="", acting_user=acteur
            )
    assert _etat() == avant
    assert not LotInvitations.objects.exists()


@pytest.mark.parametrize(("motif", "canaux"), [("inconnu", TOUS), (ORIENTATION, []), (ORIENTATION, ["pigeon"])])
def test_motif_et_canaux_sont_controles(personne, conseiller, org, motif, canaux):
    avant = _etat()
    with pytest.raises(ValidationError):
        _inviter(personne, conseiller, org, canaux=canaux, motif=motif)
    assert _etat() == avant


# --- Bulk ----------------------------------------------------------------------------------------------------


def _lot(ids, conseiller, org, canaux=TOUS, origine="Test"):
    lot = actions.inviter_en_masse(
        ids, motif=ORIENTATION, organisation=org, canaux=canaux, origine=origine, acting_user=conseiller
    )
    assert actions.traiter_lot(lot.pk) is True
    lot.refresh_from_db()
    return lot


def test_le_lot_invite_chacun_et_dit_pourquoi_pas_les_autres(org, conseiller, personnes):
    injoignable = PersonneFactory(organisme_referent=org, email="", telephone="", adresse="")
    ailleurs = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="59"))
    cessee = PersonneFactory(organisme_referent=org)
    _cesser(cessee)
    deja = PersonneFactory(organisme_referent=org)
    rdv_reserve(deja, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(2)))
    ancienne = _inviter(personnes[0], conseiller, org)
    ids = [p.pk for p in personnes] + [injoignable.pk, ailleurs.pk, deja.pk, cessee.pk, personnes[1].pk]  # one twice
    lot = _lot(ids, conseiller, org, origine="bRSA arrivés cette semaine")
    assert lot.statut == StatutLot.TERMINE and lot.termine_le is not None
    assert (lot.nb_invitations, lot.nb_ignorees) == (5, 4)
    assert lot.ignorees[str(cessee.pk)] == actions.RAISONS_HORS_SUIVI["inscription_cessee"]
    assert "Aucun moyen de la joindre" in lot.ignorees[str(injoignable.pk)]
    assert lot.ignorees[str(ailleurs.pk)] == actions.RAISON_NON_VISIBLE
    assert "déjà un rendez-vous réservé" in lot.ignorees[str(deja.pk)]
    assert Invitation.objects.filter(lot=lot, statut=StatutInvitation.ENVOYEE).count() == 5
    ancienne.refresh_from_db()
    assert ancienne.statut == StatutInvitation.RETIREE
    assert EnvoiInvitation.objects.filter(invitation__lot=lot).count() == 15
    assert Notification.objects.filter(type_notification="invitations.invitation").count() == 2 * 6
    assert SuiviRendezVous.objects.filter(statut=StatutSuivi.INVITE, invitation__lot=lot).count() == 5
    assert AuditEvent.objects.filter(event_type=TypeEvenement.INVITATIONS_LOT, acting_user=conseiller).count() == 1
    # Done: a second run (another worker, a replay) writes nothing more.
    assert actions.traiter_lot(lot.pk) is True
    assert Invitation.objects.filter(lot=lot).count() == 5


def test_le_lot_reprend_ou_il_s_est_arrete(org, conseiller, personnes):
    lot = actions.inviter_en_masse(
        [p.pk for p in personnes], motif=ORIENTATION, organisation=org, canaux=TOUS, origine="", acting_user=conseiller
    )
    # A worker that stops after the first batch of 2 (time out): the next run does the rest, nobody twice.
    assert actions.traiter_lot(lot.pk, taille=2, duree_max=-1) is False
    assert actions.traiter_lot(lot.pk, taille=2) is True
    lot.refresh_from_db()
    assert (lot.nb_invitations, lot.statut) == (5, StatutLot.TERMINE)
    assert Invitation.objects.filter(lot=lot).values("personne").distinct().count() == 5


def test_le_lot_echoue_si_l_auteur_a_perdu_le_droit(org, conseiller, personnes):
    lot = actions.inviter_en_masse(
        [p.pk for p in personnes], motif=ORIENTATION, organisation=org, canaux=TOUS, origine="", acting_user=conseiller
    )
    conseiller.memberships.all().delete()
    assert actions.traiter_lot(lot.pk) is True
    lot.refresh_from_db()
    assert lot.statut == StatutLot.ECHEC and not Invitation.objects.filter(lot=lot).exists()


def test_l_apercu_compte_par_canal_et_les_ignores(org, conseiller, personnes):
    sans_mobile = PersonneFactory(organisme_referent=org, telephone="")
    nombre, par_canal, ignorees = actions.apercu(
        [p.pk for p in personnes] + [sans_mobile.pk], user=conseiller, motif=ORIENTATION, canaux=[C.SMS]
    )
    assert nombre == 5 and par_canal[C.SMS] == 5 and list(ignorees) == [sans_mobile.pk]
    assert not Invitation.objects.exists()


def _requetes_du_lot(conseiller, org, n):
    personnes = PersonneFactory.create_batch(n, organisme_referent=org, departement_id="59")
    for p in personnes[: n // 2]:
        orientation_notifiee(p, notifiee_le=timezone.now() - timedelta(days=2))
    lot = actions.inviter_en_masse(
        [p.pk for p in personnes], motif=ORIENTATION, organisation=org, canaux=TOUS, origine="", acting_user=conseiller
    )
    with CaptureQueriesContext(connection) as requetes:
        actions.traiter_lot(lot.pk)
    lot.refresh_from_db()
    assert lot.nb_invitations == n
    # The follow-up's bulk move belongs to rendezvous.suivi.noter_en_masse (made set-based by its owner):
    # counted apart so this test measures the invitations' own writer.
    return [q["sql"] for q in requetes.captured_queries if "suivi" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


def test_les_requetes_du_lot_ne_croissent_pas_avec_les_personnes(org, conseiller):
    peu = _requetes_du_lot(conseiller, org, 3)
    beaucoup = _requetes_du_lot(conseiller, org, 12)
    assert len(beaucoup) == len(peu), "\n".join(beaucoup)
