"""The kinds of notification of « Mes données » (issue 21): the notice before the person's file goes to the
archive (the retention sweep) here; the copy's and the rectification's in their own modules, imported here so that
``NotificationsConfig.ready`` (which imports every app's ``notifications``) registers them at start.
Templates: ``templates/notifications/donnees/``."""

from django.utils.formats import date_format

from francetravail.donnees import notifications_copie, notifications_rectification  # noqa: F401
from francetravail.notifications.actions import notifier_en_masse_externe
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

# Information the person is owed (RGPD art. 12) and the last chance to keep the file active: never opted out of.
PREAVIS_ARCHIVAGE = declarer(
    "donnees.preavis_archivage",
    libelle="Dossier bientôt archivé faute d'activité",
    public=Public.PERSONNE,
    modele="donnees/preavis_archivage",
    canaux=(Canal.EMAIL, Canal.SMS),
    avis_legal=True,
    lien="donnees:mes_donnees",
)


def _adresse(personne):
    """(canal, adresse) to reach the person: their e-mail (file, then account), else their mobile; or None."""
    email = personne.email or (personne.user.email if personne.user_id else "")
    if email:
        return Canal.EMAIL, email
    if personne.telephone:
        return Canal.SMS, personne.telephone
    return None


def envoyer_preavis(personnes, *, aujourd_hui, date_archivage):
    """Writes the notice of each person that can be reached, in the caller's transaction; returns
    ``{personne id: canal}`` of those told."""
    envois, canaux = [], {}
    lien = PREAVIS_ARCHIVAGE.chemin()
    for personne in personnes:
        adresse = _adresse(personne)
        if adresse is None:
            continue
        canal, valeur = adresse
        contexte = {
            "prenom": personne.prenoms,
            "date_archivage": date_format(date_archivage, "j F Y"),
            "lien": lien,
        }
        cle = f"donnees.preavis_archivage:{personne.pk}:{aujourd_hui.isoformat()}"
        envois.append((personne.user_id, canal, valeur, contexte, cle))
        canaux[personne.pk] = canal
    notifier_en_masse_externe(PREAVIS_ARCHIVAGE, envois)
    return canaux
