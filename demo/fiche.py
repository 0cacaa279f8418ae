"""The person page at a glance in the demo: Marie Dupont (followed by Camille Durand at Lille Centre)
has the Mission locale de Lille around her file, so that « Autour du dossier » names someone; her
blocks, alerts and timeline come from what the other demo modules did through the actions."""

from francetravail.personnes.models import Implication


def charger_demo_fiche(personne, mission_locale, conseiller):
    Implication.objects.get_or_create(
        personne=personne,
        organisation=mission_locale,
        defaults={"motif": "Atelier mobilité et passage du permis", "created_by": conseiller},
    )
