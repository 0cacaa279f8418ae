"""Helpers of the people API tests: a valid NIR, a notified orientation."""

from orientation import actions
from orientation.enums import Parcours
from tests.inscription.factories import dossier_complet


def nir_valide(debut="1850159350123"):
    """A NIR with its key (97 - the 13 digits modulo 97)."""
    return f"{debut}{97 - int(debut) % 97:02d}"


def orienter(personne, *, vers, par):
    """``personne`` (registered, awaiting orientation) oriented to ``vers`` by ``par`` through the actions."""
    dossier_complet(personne, freins=["sans_impact"])
    proposition = actions.proposer(personne)
    if proposition.type_organisme_propose == vers.type_organisation:
        return actions.confirmer(proposition, acting_user=par, organisme=vers)
    return actions.modifier(
        proposition, acting_user=par, parcours=Parcours.SOCIAL, organisme=vers, motif="Freins sociaux constatés."
    )
