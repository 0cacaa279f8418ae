"""A kind of notification for the notification machinery's own tests (not in the registry: the
registry holds the apps' kinds, which ``test_registre.py`` checks one by one)."""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, TypeNotification

ESSAI = TypeNotification(
    cle="test.essai",
    libelle="Essai",
    public=Public.PERSONNE,
    modele="test/essai",
    canaux=(Canal.EMAIL, Canal.SMS, Canal.IN_APP),
)
