"""The e-mails and SMS the service sent to a person, with what the provider said of their delivery
(/conseiller/personnes/<pk>/avis/): where a professional checks that a notice reached the person."""

from django.core.paginator import Paginator
from django.shortcuts import render

from francetravail.audit.enums import PartieDossier
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.notifications.queries import envois_a_la_personne
from francetravail.notifications.registre import types_notification
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_DOSSIERS

PAR_PAGE = 20


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def avis_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.IDENTITE)
    page = Paginator(envois_a_la_personne(personne), PAR_PAGE).get_page(request.GET.get("page"))
    types = types_notification()
    lignes = [
        (
            n,
            types[n.type_notification].libelle if n.type_notification in types else n.modele,
            types.get(n.type_notification),
        )
        for n in page.object_list
    ]
    return render(
        request, "notifications/backoffice/avis_personne.html", {"personne": personne, "page": page, "lignes": lignes}
    )
