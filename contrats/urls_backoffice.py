"""The référent's side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from contrats.views import conseiller

_BASE = "personnes/<int:pk>/contrat/"

urlpatterns = [
    path(_BASE, conseiller.contrat, name="contrat"),
    path(f"{_BASE}rediger/", conseiller.rediger, name="contrat_rediger"),
    path(f"{_BASE}actions/ajouter/", conseiller.action_ajouter, name="contrat_action_ajouter"),
    path(f"{_BASE}actions/<int:action_pk>/", conseiller.action_modifier, name="contrat_action_modifier"),
    path(f"{_BASE}actions/<int:action_pk>/supprimer/", conseiller.action_supprimer, name="contrat_action_supprimer"),
    path(f"{_BASE}duree/", conseiller.duree, name="contrat_duree"),
    path(f"{_BASE}ore/", conseiller.ore, name="contrat_ore"),
    path(f"{_BASE}soumettre/", conseiller.soumettre, name="contrat_soumettre"),
    path(f"{_BASE}contresigner/", conseiller.contresigner, name="contrat_contresigner"),
    path(f"{_BASE}signature-papier/", conseiller.signature_papier, name="contrat_signature_papier"),
    path(f"{_BASE}versions/<int:version_pk>/", conseiller.version, name="contrat_version"),
]
