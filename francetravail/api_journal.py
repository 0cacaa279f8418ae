"""The access log of an API list: each person whose data a page of results shows is one read.

The same rule as ``acces_personne`` for one file (``organisations_donnant_acces`` for the list),
one INSERT per organisation of the reader through which the files are open (one, most often).
"""

from collections import defaultdict

from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal
from francetravail.personnes.acces import organisations_donnant_acces


def journaliser_lectures(user, personnes, *, partie):
    """Logs the read of ``partie`` of each of ``personnes`` (distinct or not) by ``user`` through the API."""
    uniques = list({personne.pk: personne for personne in personnes}.values())
    if not uniques:
        return
    par_organisation = defaultdict(list)
    for personne_id, organisation in organisations_donnant_acces(user, uniques).items():
        par_organisation[organisation or None].append(personne_id)
    for organisation_id, ids in par_organisation.items():
        journaliser_acces_liste(
            personne_ids=ids, user_id=user.pk, organisation_id=organisation_id, partie=partie, canal=Canal.API
        )
