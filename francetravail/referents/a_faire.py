"""The référents' queue in the dashboard's « À faire » (francetravail/personnes/a_faire.py): for a
responsable d'équipe, the people of each organisation they run who wait for their référent unique,
one line per organisation (its page takes the organisation), « 0 » included."""

from francetravail.personnes.a_faire import File, enregistrer
from francetravail.referents import acces, queries
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation


def _par_organisation(user):
    dirigees = acces.organisations_dirigees(user)
    if not dirigees:
        return []
    nombres = {organisation.pk: nombre for organisation, nombre in queries.a_attribuer_par_organisation(user)}
    return [
        (nom, nombres.get(pk, 0), {"pk": pk})
        for pk, nom in Organisation.objects.filter(pk__in=dirigees).order_by("nom").values_list("pk", "nom")
    ]


def connecter():
    enregistrer(
        File(
            "personnes_a_attribuer",
            "Personnes à attribuer",
            "Les personnes orientées vers votre organisation qui attendent leur référent unique.",
            frozenset({Role.RESPONSABLE_EQUIPE}),
            detailler=_par_organisation,
            url="backoffice:referents_a_attribuer",
            ordre=5,
        )
    )
