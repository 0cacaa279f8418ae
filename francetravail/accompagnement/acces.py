"""Who may set a person's modality and read a team's load.

Setting the modality is the référent's side of the file: the référent unique, a conseiller (or social
worker) of the organisme référent — the same side that ends an accompaniment
(``accompagne_depuis_l_organisme_referent``) — or a responsable d'équipe of the organisme référent,
who runs the team and balances its loads. Nobody else: an involved partner or a departmental role
reads the file but does not choose how France Travail's network accompanies the person.

A team's load is read by the responsables d'équipe of that organisation only. Not by its
administrateurs d'organisation: they manage accounts and roles (they can name a responsable), not the
accompaniment; the figures per conseiller are a management tool of the team's manager.
"""

from django.core.exceptions import PermissionDenied

from francetravail.comptes.acces import est_professionnel_actif
from francetravail.personnes.acces import (
    accompagne_depuis_l_organisme_referent,
    est_responsable_de_l_organisme_referent,
)
from francetravail.referents.acces import organisations_dirigees


def peut_choisir_modalite(user, personne):
    if not est_professionnel_actif(user):
        return False
    # The référent unique is one of them while their membership there is active; after it ends, no longer.
    if accompagne_depuis_l_organisme_referent(user, personne):
        return True
    return est_responsable_de_l_organisme_referent(user, personne)


def exiger_choix_modalite(user, personne):
    if not peut_choisir_modalite(user, personne):
        raise PermissionDenied("Seuls le référent et l'équipe de l'organisme référent choisissent la modalité.")


def peut_voir_charge(user, organisation_id):
    return organisation_id in organisations_dirigees(user)
