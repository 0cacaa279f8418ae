"""The professionals' side of invitations, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.invitations.views import conseiller, courriers, formulations

urlpatterns = [
    # A département's wording (« suivi »): its conseil départemental's administrators and pilotes.
    path("formulations/", formulations.accueil, name="formulations_accueil"),
    path("formulations/<str:departement>/", formulations.liste, name="formulations"),
    path("formulations/<str:departement>/<str:cle>/", formulations.formulation, name="formulation"),
    path("formulations/<str:departement>/<str:cle>/national/", formulations.national, name="formulation_national"),
    # The day's letters of an organisation, to print (« envoi »).
    path("courriers/", courriers.liste, name="courriers"),
    path("courriers/<int:pk>/lot.pdf", courriers.telecharger, name="courriers_pdf"),
    path("courriers/<int:pk>/imprime/", courriers.imprime, name="courriers_imprime"),
    # Inviting one person or a list, the lots, the callback requests (« invitations »).
    path("personnes/<int:pk>/inviter/", conseiller.inviter_personne, name="inviter_personne"),
    path("invitations/inviter-la-liste/", conseiller.inviter_liste, name="inviter_liste"),
    path("invitations/envois-groupes/", conseiller.lots, name="lots_invitations"),
    path("invitations/envois-groupes/<int:pk>/", conseiller.lot, name="lot_invitations"),
    path("invitations/demandes-de-rappel/", conseiller.demandes_rappel, name="demandes_rappel"),
    path(
        "invitations/demandes-de-rappel/<int:pk>/traiter/",
        conseiller.traiter_demande_rappel,
        name="traiter_demande_rappel",
    ),
]
