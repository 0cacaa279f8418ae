"""Demo of the shared diagnostic for ``make run`` (idempotent), through the real action: two sections
written by the référent, the skills and the information on rights and duties."""

from django.utils import timezone

from diagnostic.actions import enregistrer_section
from diagnostic.enums import Section


def diagnostic_commence(personne, referent):
    contenus = {
        Section.COMPETENCES: {
            "experiences": "Six ans de préparation de commandes en entrepôt, permis B.",
            "savoir_faire": "Préparation de commandes, inventaires, lecture de bons de livraison.",
            "savoir_etre": "Ponctuelle, travail en équipe.",
        },
        Section.DROITS_DEVOIRS: {
            "informee": True,
            "informee_le": timezone.localdate().isoformat(),
            "modalites": "Entretien ; le socle des droits et devoirs et les voies de recours ont été expliqués.",
        },
    }
    for section, contenu in contenus.items():
        if not personne.diagnostics.filter(versions__section=section).exists():
            enregistrer_section(personne, section, acting_user=referent, contenu=contenu, version_lue=0)
