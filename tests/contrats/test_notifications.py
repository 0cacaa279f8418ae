"""The contract's notices are declared kinds (contrats/notifications.py): their link is the kind's URL
name, reversed when the notice is written, and the two notices that bind the person are legal notices."""

from django.conf import settings

from contrats import actions
from contrats import notifications as types
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from tests.contrats.factories import Situation


def test_les_courriels_du_contrat_menent_a_la_page_du_contrat_de_leur_lecteur():
    s = Situation()
    contrat = s.soumis()
    actions.accepter(contrat, acting_user=s.personne.user)
    soumis = Notification.objects.get(destinataire=s.personne.user, canal=Canal.EMAIL)
    accepte = Notification.objects.get(destinataire=s.referent)
    assert (soumis.type_notification, accepte.type_notification) == ("contrats.soumis", "contrats.accepte")
    _, corps = rendre_courriel(soumis)
    assert f"demandez une modification : {settings.SITE_URL}/mon-espace/contrat/\n" in corps
    _, corps = rendre_courriel(accepte)
    assert f"contresigner : {settings.SITE_URL}/conseiller/personnes/{s.personne.pk}/contrat/\n" in corps
    dans_l_espace = Notification.objects.get(destinataire=s.personne.user, canal=Canal.IN_APP)
    assert dans_l_espace.contexte["lien"] == "/mon-espace/contrat/"


def test_seuls_les_avis_qui_engagent_la_personne_sont_des_avis_legaux():
    legaux = {t.cle for t in (types.SOUMIS, types.SIGNE) if t.avis_legal}
    assert legaux == {"contrats.soumis", "contrats.signe"}
    au_referent = (types.ACCEPTE, types.MODIFICATION_DEMANDEE, types.RETARD_SIGNATURE, types.ALERTE_ORE)
    assert not any(t.avis_legal for t in au_referent)
    assert {t.canaux for t in au_referent} == {(Canal.EMAIL,)}
    assert types.SOUMIS.canaux == types.SIGNE.canaux == (Canal.EMAIL, Canal.IN_APP)
