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
    """E-mail (where the person has an address: the CAF/MSA flow brings people with one and no account yet, as
    the orientation decision does) and in-app notice (where they have an account) of the référent's name and
    how to reach them."""
    contexte = {
        "prenom": personne.prenoms.split(" ")[0],
        "referent": referent.nom_affiche,
        "organisation": personne.organisme_referent.nom,
        "email_referent": referent.email,
        "telephone_referent": referent.telephone,
    }
    adresse = personne.email or (personne.user.email if personne.user_id else "")
    if adresse:
        notifier(
            personne.user,
            REFERENT_DESIGNE,
            contexte=contexte,
            cle_idempotence=f"referents:{historique.pk}:{Canal.EMAIL}",
            canal=Canal.EMAIL,
            adresse=adresse,
        )
    if personne.user_id:
        notifier(
            personne.user,
            REFERENT_DESIGNE,
            contexte=contexte,
            cle_idempotence=f"referents:{historique.pk}:{Canal.IN_APP}",
            canal=Canal.IN_APP,
            adresse="",
        )
