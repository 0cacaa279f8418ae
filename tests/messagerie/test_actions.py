import pytest
from django.core.exceptions import ValidationError

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.messagerie import actions
from francetravail.messagerie.models import LONGUEUR_MAX, Message
from francetravail.messagerie.notifications import MAX_DESTINATAIRES
from francetravail.messagerie.queries import non_lus_par_la_personne
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, UserFactory, professionnel

SECRET = "Mon numéro de dossier MDPH est 12345"


def test_le_conseiller_ecrit_la_personne_est_prevenue_sans_le_contenu(personne, conseiller):
    message = actions.envoyer_message(personne, acting_user=conseiller, corps=f"  {SECRET}  ")
    assert message.corps == SECRET and not message.de_la_personne and message.organisme == personne.organisme_referent
    notification = Notification.objects.get(cle_idempotence=f"message:{message.pk}:personne")
    assert notification.destinataire == personne.user and notification.adresse == personne.email
    sujet, corps = rendre_courriel(notification)
    assert SECRET not in sujet + corps
    assert "/mon-espace/messages/" in corps and personne.organisme_referent.nom in sujet
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.MESSAGE_ENVOYE)
    assert evenement.acting_user == conseiller and evenement.personne == personne
    assert SECRET not in str(evenement.data) and evenement.data["message"] == message.pk


def test_la_personne_ecrit_son_referent_unique_est_prevenu_lui_seul(personne, conseiller, org):
    professionnel(org, Role.CONSEILLER)  # a colleague: not told, the référent unique is
    message = actions.envoyer_message(personne, acting_user=personne.user, corps=SECRET)
    assert message.de_la_personne
    (notification,) = Notification.objects.all()
    assert notification.destinataire == conseiller and notification.adresse == conseiller.email
    sujet, corps = rendre_courriel(notification)
    assert SECRET not in sujet + corps and personne.nom_naissance not in corps
    assert f"/conseiller/personnes/{personne.pk}/messages/" in corps


def test_sans_referent_unique_actif_quelques_collegues_sont_prevenus(org):
    ancien = professionnel(OrganisationFactory(), Role.CONSEILLER)  # left for another organisation
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=ancien)
    collegues = [professionnel(org, Role.CONSEILLER) for _ in range(MAX_DESTINATAIRES + 2)]
    professionnel(org, Role.PILOTE)  # not an accompaniment role
    actions.envoyer_message(personne, acting_user=personne.user, corps="Bonjour")
    destinataires = set(Notification.objects.values_list("destinataire_id", flat=True))
    assert len(destinataires) == MAX_DESTINATAIRES
    assert destinataires <= {c.pk for c in collegues}


def test_ecrire_deux_fois_la_meme_notification_n_ecrit_qu_une_ligne(personne, conseiller):
    from francetravail.messagerie.notifications import prevenir_la_personne

    message = actions.envoyer_message(personne, acting_user=conseiller, corps="Bonjour")
    prevenir_la_personne(message, personne)
    assert Notification.objects.filter(cle_idempotence__startswith=f"message:{message.pk}:").count() == 1


@pytest.mark.parametrize("corps", ["", "   \n  "])
def test_un_message_vide_est_refuse(personne, conseiller, corps):
    with pytest.raises(ValidationError) as exc:
        actions.envoyer_message(personne, acting_user=conseiller, corps=corps)
    assert exc.value.message_dict == {"corps": ["Écrivez votre message avant de l'envoyer."]}
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_la_longueur_maximale_est_acceptee_un_caractere_de_plus_est_refuse(personne):
    actions.envoyer_message(personne, acting_user=personne.user, corps="a" * LONGUEUR_MAX)
    with pytest.raises(ValidationError) as exc:
        actions.envoyer_message(personne, acting_user=personne.user, corps="a" * (LONGUEUR_MAX + 1))
    assert "trop long" in exc.value.message_dict["corps"][0]
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    "qui",
    ["autre_personne", "conseiller_autre_org", "decideur", "travailleur_social_implique", "pilote", "employeur"],
)
def test_seuls_la_personne_et_son_organisme_referent_ecrivent(personne, org, qui):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    if qui == "travailleur_social_implique":
        ImplicationFactory(personne=personne, organisation=cd)
    user = {
        "autre_personne": lambda: PersonneFactory(avec_compte=True, organisme_referent=org).user,
        "conseiller_autre_org": lambda: professionnel(OrganisationFactory(), Role.CONSEILLER),
        "decideur": lambda: professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "travailleur_social_implique": lambda: professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        "pilote": lambda: professionnel(org, Role.PILOTE),
        "employeur": lambda: UserFactory(employeur=True),
    }[qui]()
    with pytest.raises(ValidationError, match="Seuls la personne"):
        actions.envoyer_message(personne, acting_user=user, corps="Bonjour")
    with pytest.raises(ValidationError):
        actions.marquer_lus(personne, lecteur=user)
    assert not Message.objects.exists() and not AuditEvent.objects.exists()


def test_pas_de_message_sans_organisme_referent():
    personne = PersonneFactory(avec_compte=True, organisme_referent=None)
    with pytest.raises(ValidationError, match="Aucun organisme référent"):
        actions.envoyer_message(personne, acting_user=personne.user, corps="Bonjour")


def test_pas_de_message_a_une_personne_sans_compte(org, conseiller):
    personne = PersonneFactory(organisme_referent=org)
    with pytest.raises(ValidationError, match="pas de compte"):
        actions.envoyer_message(personne, acting_user=conseiller, corps="Bonjour")


def test_marquer_lus_ne_marque_que_les_messages_de_l_autre_cote(personne, conseiller):
    a_la_personne = actions.envoyer_message(personne, acting_user=conseiller, corps="Question ?")
    de_la_personne = actions.envoyer_message(personne, acting_user=personne.user, corps="Réponse.")
    assert non_lus_par_la_personne(personne) == 1
    assert actions.marquer_lus(personne, lecteur=personne.user) == 1
    assert actions.marquer_lus(personne, lecteur=personne.user) == 0
    a_la_personne.refresh_from_db()
    de_la_personne.refresh_from_db()
    assert a_la_personne.lu_le is not None and de_la_personne.lu_le is None
    assert non_lus_par_la_personne(personne) == 0
    assert actions.marquer_lus(personne, lecteur=conseiller) == 1


def test_un_changement_d_organisme_referent_ouvre_une_nouvelle_conversation(personne, conseiller):
    actions.envoyer_message(personne, acting_user=conseiller, corps="Ancien échange")
    nouvelle = OrganisationFactory()
    personne.organisme_referent = nouvelle
    personne.save(update_fields=["organisme_referent"])
    assert non_lus_par_la_personne(personne) == 0
    with pytest.raises(ValidationError):
        actions.envoyer_message(personne, acting_user=conseiller, corps="Je ne suis plus son référent")
    message = actions.envoyer_message(personne, acting_user=professionnel(nouvelle), corps="Bonjour")
    assert message.organisme == nouvelle


def test_un_seul_courriel_tant_que_le_message_precedent_n_est_pas_lu(personne, conseiller):
    actions.envoyer_message(personne, acting_user=conseiller, corps="Un")
    actions.envoyer_message(personne, acting_user=conseiller, corps="Deux")
    assert Notification.objects.filter(destinataire=personne.user).count() == 1
    actions.envoyer_message(personne, acting_user=personne.user, corps="Réponse")  # the other side: its own email
    assert Notification.objects.filter(destinataire=conseiller).count() == 1
    actions.marquer_lus(personne, lecteur=personne.user)
    actions.envoyer_message(personne, acting_user=conseiller, corps="Trois")
    assert Notification.objects.filter(destinataire=personne.user).count() == 2
    assert AuditEvent.objects.filter(event_type=TypeEvenement.MESSAGE_ENVOYE).count() == 4
