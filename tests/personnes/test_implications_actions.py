"""Inviting into a file, accepting, refusing, ending (francetravail.personnes.actions): who may, what
is checked, what is recorded (history, audit, notifications), and that a refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes import actions
from francetravail.personnes.enums import RoleImplication, StatutImplication
from francetravail.personnes.models import HistoriqueImplication, Implication
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel
from tests.personnes.entourage import dossier, frais, inviter

pytestmark = pytest.mark.django_db


def _etat():
    return (
        list(Implication.objects.order_by("pk").values()),
        HistoriqueImplication.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_le_referent_invite_une_organisation_proposee_historisee_auditee_notifiee():
    d = dossier()
    implication = inviter(d, fin_prevue=timezone.localdate() + datetime.timedelta(days=30))

    assert implication.statut == StatutImplication.PROPOSEE
    assert (implication.role, implication.created_by, implication.professionnel) == (
        RoleImplication.CO_REFERENT,
        d.referent,
        None,
    )
    ligne = HistoriqueImplication.objects.get(implication=implication)
    assert (ligne.statut_avant, ligne.statut_apres, ligne.user) == ("", StatutImplication.PROPOSEE, d.referent)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.IMPLICATION_PROPOSEE)
    assert (evenement.personne_id, evenement.organisation_id) == (d.personne.pk, d.cd.pk)
    # Both social workers of the invited organisation are told in their space; nobody else.
    notifiees = Notification.objects.filter(type_notification="personnes.invitation_recue")
    assert {n.destinataire_id for n in notifiees} == {d.ts.pk, d.ts_collegue.pk}
    assert {n.canal for n in notifiees} == {Canal.IN_APP}
    assert notifiees.first().contexte["lien"] == f"/conseiller/invitations/{implication.pk}/"


def test_une_invitation_nominative_ne_notifie_que_le_professionnel_nomme():
    d = dossier()
    inviter(d, professionnel=d.ts)
    assert list(Notification.objects.values_list("destinataire_id", flat=True)) == [d.ts.pk]


def test_le_responsable_d_equipe_de_l_organisme_referent_invite():
    d = dossier()
    assert inviter(d, par=d.responsable).created_by == d.responsable


@pytest.mark.parametrize("qui", ["ts", "conseiller_ml", "ts62"])
def test_seul_le_cote_du_referent_invite(qui):
    d = dossier()
    avant = _etat()
    with pytest.raises(PermissionDenied):
        inviter(d, d.ml, par=getattr(d, qui))
    assert _etat() == avant


def test_un_conseiller_d_une_autre_agence_n_invite_pas():
    d = dossier()
    autre = professionnel(OrganisationFactory(departement_id="59"))
    avant = _etat()
    with pytest.raises(PermissionDenied):
        inviter(d, par=autre)
    assert _etat() == avant


@pytest.mark.parametrize(
    ("cas", "champ"),
    [
        ("autre_departement", "organisation"),
        ("organisme_referent", "organisation"),
        ("inactive", "organisation"),
        ("professionnel_d_ailleurs", "professionnel"),
        ("hier", "fin_prevue"),
        ("motif_vide", "motif"),
        ("motif_251", "motif"),
        ("role_inconnu", "role"),
    ],
)
def test_les_invitations_refusees_ne_changent_rien(cas, champ):
    d = dossier()
    hier = timezone.localdate() - datetime.timedelta(days=1)
    arguments = {
        "autre_departement": {"organisation": d.cd62},
        "organisme_referent": {"organisation": d.agence},
        "inactive": {"organisation": OrganisationFactory(departement_id="59", actif=False)},
        "professionnel_d_ailleurs": {"professionnel": d.conseiller_ml},
        "hier": {"fin_prevue": hier},
        "motif_vide": {"motif": "   "},
        "motif_251": {"motif": "x" * 251},
        "role_inconnu": {"role": "chef"},
    }[cas]
    avant = _etat()
    with pytest.raises(ValidationError) as erreur:
        inviter(d, arguments.pop("organisation", None), **arguments)
    assert champ in erreur.value.message_dict
    assert _etat() == avant


def test_bornes_acceptees_motif_de_250_et_fin_aujourd_hui():
    d = dossier()
    implication = inviter(d, motif="x" * 250, fin_prevue=timezone.localdate())
    assert (len(implication.motif), implication.fin_prevue) == (250, timezone.localdate())


def test_une_seconde_invitation_de_la_meme_organisation_est_refusee_tant_que_la_premiere_court():
    d = dossier()
    premiere = inviter(d)
    avant = _etat()
    with pytest.raises(ValidationError):
        inviter(d, professionnel=d.ts)
    assert _etat() == avant
    actions.refuser(premiere, acting_user=frais(d.ts), motif="Pas de notre ressort")
    assert inviter(d).statut == StatutImplication.PROPOSEE  # once closed, a new one may be proposed


def test_l_invite_accepte_l_implication_court_et_la_personne_est_prevenue():
    d = dossier()
    implication = inviter(d)
    avant = timezone.now()

    actions.accepter(implication, acting_user=frais(d.ts))

    implication.refresh_from_db()
    assert implication.statut == StatutImplication.ACCEPTEE
    assert implication.accepted_by == d.ts
    assert implication.accepted_at >= avant and implication.debut == implication.accepted_at
    assert Implication.objects.actives().filter(pk=implication.pk).exists()
    assert AuditEvent.objects.filter(event_type=TypeEvenement.IMPLICATION_ACCEPTEE).count() == 1
    assert list(implication.historique.values_list("statut_apres", flat=True)) == ["proposee", "acceptee"]
    prevenue = Notification.objects.get(type_notification="personnes.entourage_rejoint")
    assert (prevenue.destinataire_id, prevenue.canal) == (d.personne.user_id, Canal.IN_APP)


@pytest.mark.parametrize("qui", ["referent", "ts62", "conseiller_ml"])
def test_seul_le_cote_invite_repond(qui):
    d = dossier()
    implication = inviter(d)
    avant = _etat()
    with pytest.raises(PermissionDenied):
        actions.accepter(implication, acting_user=frais(getattr(d, qui)))
    with pytest.raises(PermissionDenied):
        actions.refuser(implication, acting_user=frais(getattr(d, qui)), motif="Non")
    assert _etat() == avant


def test_une_invitation_nominative_n_est_acceptee_que_par_le_professionnel_nomme():
    d = dossier()
    implication = inviter(d, professionnel=d.ts)
    avant = _etat()
    with pytest.raises(PermissionDenied):
        actions.accepter(implication, acting_user=frais(d.ts_collegue))
    assert _etat() == avant
    actions.accepter(implication, acting_user=frais(d.ts))


def test_le_refus_ferme_l_invitation_et_on_ne_repond_pas_deux_fois():
    d = dossier()
    implication = inviter(d)
    actions.refuser(implication, acting_user=frais(d.ts), motif="Hors de notre secteur")
    implication.refresh_from_db()
    assert (implication.statut, implication.ended_by, implication.motif_fin) == (
        StatutImplication.REFUSEE,
        d.ts,
        "Hors de notre secteur",
    )
    assert AuditEvent.objects.filter(event_type=TypeEvenement.IMPLICATION_REFUSEE).count() == 1
    avant = _etat()
    with pytest.raises(PermissionDenied):
        actions.accepter(implication, acting_user=frais(d.ts_collegue))
    assert _etat() == avant


@pytest.mark.parametrize("cote", ["referent", "ts"])
def test_chaque_cote_met_fin_a_une_implication_acceptee(cote):
    d = dossier()
    implication = inviter(d)
    actions.accepter(implication, acting_user=frais(d.ts))
    actions.terminer(implication, acting_user=frais(getattr(d, cote)), motif="Objectif atteint")
    implication.refresh_from_db()
    assert implication.statut == StatutImplication.TERMINEE
    assert implication.ended_by == getattr(d, cote) and implication.fin is not None
    assert not Implication.objects.actives().filter(pk=implication.pk).exists()
    assert AuditEvent.objects.filter(event_type=TypeEvenement.IMPLICATION_TERMINEE).count() == 1


def test_le_referent_retire_une_invitation_proposee():
    d = dossier()
    implication = inviter(d)
    actions.terminer(implication, acting_user=frais(d.referent), motif="Erreur d'organisation")
    implication.refresh_from_db()
    assert implication.statut == StatutImplication.TERMINEE


def test_un_tiers_ne_met_pas_fin_et_une_implication_close_ne_se_termine_pas_deux_fois():
    d = dossier()
    implication = inviter(d)
    actions.accepter(implication, acting_user=frais(d.ts))
    avant = _etat()
    for tiers in (d.ts62, d.conseiller_ml):
        with pytest.raises(PermissionDenied):
            actions.terminer(implication, acting_user=frais(tiers), motif="Non")
    assert _etat() == avant
    actions.terminer(implication, acting_user=frais(d.referent), motif="Fin")
    avant = _etat()
    with pytest.raises(PermissionDenied):
        actions.terminer(implication, acting_user=frais(d.referent), motif="Encore")
    assert _etat() == avant


def test_motif_de_fin_obligatoire_rien_ne_change():
    d = dossier()
    implication = inviter(d)
    avant = _etat()
    with pytest.raises(ValidationError):
        actions.terminer(implication, acting_user=frais(d.referent), motif="  ")
    with pytest.raises(ValidationError):
        actions.refuser(implication, acting_user=frais(d.ts), motif="")
    assert _etat() == avant


def test_un_role_sans_dossiers_dans_l_organisation_invitee_ne_repond_pas():
    d = dossier()
    pilote = professionnel(d.cd, Role.PILOTE)
    implication = inviter(d)
    with pytest.raises(PermissionDenied):
        actions.accepter(implication, acting_user=frais(pilote))
