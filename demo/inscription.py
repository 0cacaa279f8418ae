"""Demo of the registration's data for ``make run`` (idempotent): an RSA right paid by the CAF, as the
CAF/MSA flow would have brought it."""

import datetime

from inscription.enums import OrganismePayeur, RoleFoyer
from inscription.models import DroitRSA


def droit_rsa_caf(personne):
    DroitRSA.objects.get_or_create(
        personne=personne,
        organisme_payeur=OrganismePayeur.CAF,
        numero_allocataire="5900123",
        defaults={
            "role": RoleFoyer.DEMANDEUR,
            "date_ouverture": datetime.date(2023, 9, 1),
            "nb_personnes_foyer": 1,
            "nb_enfants": 0,
        },
    )
