"""The access log of an API list: each person whose data a page of results shows is a logged read."""

from collections import defaultdict

from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import Canal
from francetravail.personnes.acces import organisations_donnant_acces


def journaliser_personnes(user, personnes, *, partie):
    """``personnes``: the people shown (Personne instances, each once or more). One INSERT per organisation of
    the reader through which files are open (one, most often), whatever the number of rows."""
    personnes = list({p.pk: p for p in personnes}.values())
    par_organisation = defaultdict(list)
    for personne_id, organisation in organisations_donnant_acces(user, personnes).items():
        par_organisation[organisation or None].append(personne_id)
    for organisation_id, ids in par_organisation.items():
        journaliser_acces_liste(
            personne_ids=ids, user_id=user.pk, organisation_id=organisation_id, partie=partie, canal=Canal.API
        )
