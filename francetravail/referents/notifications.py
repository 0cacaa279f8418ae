"""The person is told who their référent unique is and how to reach them (in their space, and by e-mail
where they have an address). Templates: ``templates/notifications/referents/``."""

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

REFERENT_DESIGNE = declarer(
    "referents.referent_designe",
    libelle="Votre référent unique",
    public=Public.PERSONNE,
    modele="referents/referent_designe",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="personnes:espace",
)


def prevenir_la_personne(personne, referent, historique):
    """E-mail and in-app notice of the référent's name and contact; nothing for a person without an account."""
    if not personne.user_id:
        return
    contexte = {
        "prenom": personne.prenoms.split(" ")[0],
        "referent": referent.nom_affiche,
        "organisation": personne.organisme_referent.nom,
        "email_referent": referent.email,
        "telephone_referent": referent.telephone,
    }
    adresse = personne.email or personne.user.email
    for canal in (Canal.EMAIL, Canal.IN_APP):
        if canal == Canal.EMAIL and not adresse:
            continue
        notifier(
            personne.user,
            REFERENT_DESIGNE,
            contexte=contexte,
            cle_idempotence=f"referents:{historique.pk}:{canal}",
            canal=canal,
            adresse=adresse if canal == Canal.EMAIL else "",
        )
