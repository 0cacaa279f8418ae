"""The kinds of notification of « Mes données » (issue 21). Templates: ``templates/notifications/donnees/``.

- The notice before the person's file goes to the archive (the retention sweep).
- The copy of one's file: the person is told when it is ready (in their space, and by e-mail), whoever asked
  for it — their référent may have asked on their request. The e-mail says where to download it, never
  what it holds.
"""

from django.utils import timezone
from django.utils.formats import date_format

# The rectification's kinds live in their own module, registered here with this one's (NotificationsConfig.ready
# imports every app's ``notifications``).
from francetravail.donnees import notifications_rectification  # noqa: F401
from francetravail.notifications.actions import notifier, notifier_en_masse_externe
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

COPIE_PRETE = declarer(
    "donnees.copie_prete",
    libelle="Copie de votre dossier prête",
    public=Public.PERSONNE,
    modele="donnees/copie_prete",
    canaux=(Canal.IN_APP, Canal.EMAIL),
    lien="donnees:mes_donnees",
)

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


def notifier_copie_prete(copie):
    """In the person's space, and by e-mail when their account has an address (inside the build's transaction:
    the outbox sends after the commit)."""
    user = copie.personne.user
    if user is None:
        return
    contexte = {
        "prenom": copie.personne.prenoms.split(" ")[0],
        "expire_le": timezone.localtime(copie.expire_le).strftime("%d/%m/%Y à %H:%M"),
    }
    canaux = [Canal.IN_APP] + ([Canal.EMAIL] if user.email else [])
    for canal in canaux:
        notifier(user, COPIE_PRETE, contexte=contexte, cle_idempotence=f"copie:{copie.pk}:prete:{canal}", canal=canal)
