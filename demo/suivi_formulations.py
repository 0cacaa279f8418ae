"""The demo's wording of the Nord (issue 19): the CD's administrator has reworded the invitation SMS, so
that the « Textes des invitations du département » pages show a département's text beside the national
ones. Idempotent: nothing is written when the Nord already has a wording of that text."""

from francetravail.invitations.enums import CleFormulation
from francetravail.invitations.models import Formulation

TEXTE_SMS = (
    "Le Département du Nord et {{ organisation }} vous invitent à un {{ motif }}. "
    "Choisissez votre rendez-vous avant le {{ expire_le }} : {{ lien }}"
)


def charger_demo_suivi_formulations(departement, administrateur):
    if not Formulation.objects.filter(departement_id=departement, cle=CleFormulation.INVITATION_SMS).exists():
        Formulation.objects.create(
            departement_id=departement, cle=CleFormulation.INVITATION_SMS, texte=TEXTE_SMS, created_by=administrateur
        )
