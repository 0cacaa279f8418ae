"""The référent's side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from contrats.views import conseiller, pilotage

_BASE = "personnes/<int:pk>/contrat/"

urlpatterns = [
    path("indicateurs/contrats/", pilotage.indicateurs, name="indicateurs_contrats"),
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
    path(f"{_BASE}versions/<int:version_pk>/pdf/", conseiller.version_pdf, name="contrat_version_pdf"),
    path(f"{_BASE}revision/", conseiller.revision, name="contrat_revision"),
    path(f"{_BASE}points-etape/rythme/", conseiller.rythme, name="contrat_rythme"),
    path(f"{_BASE}points-etape/proposer/", conseiller.point_etape, name="contrat_point_etape"),
    path(f"{_BASE}suivi/", conseiller.suivi_contrat, name="contrat_suivi"),
]
