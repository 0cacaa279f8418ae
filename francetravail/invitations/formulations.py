"""The wording of invitations, relances and letters: the département's own (``Formulation``, the latest in
force) or the national text (``templates/invitations/formulations/<cle>.txt``).

A wording is a Django template fragment over a fixed context (``VARIABLES``); the legal mentions are not
part of it: the e-mail, SMS and letter templates add them after the wording, so no wording can remove them.
"""

from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone

from francetravail.invitations.models import Formulation

# What a wording may use, shown to the département's staff beside the editor.
VARIABLES = {
    "prenom": "Prénom de la personne",
    "motif": "Motif du rendez-vous (« entretien d'orientation »…)",
    "organisation": "Nom de l'organisme qui invite",
    "lien": "Lien de prise de rendez-vous",
    "code": "Code à saisir (courrier)",
    "limite": "Date limite du premier rendez-vous",
    "expire_le": "Date de fin de validité du lien",
    "telephone_organisation": "Téléphone de l'organisme",
}


def derniere(cle, departement_id, *, le=None):
    """The département's latest row for ``cle`` at ``le``, a wording or a return to the national text."""
    if departement_id is None:
        return None
    return (
        Formulation.objects.filter(departement_id=departement_id, cle=cle, valide_du__lte=le or timezone.now())
        .order_by("-valide_du", "-pk")
        .first()
    )


def en_vigueur(cle, departement_id, *, le=None):
    """The département's wording of ``cle`` in force at ``le`` (None: the national text applies).

    A row with an empty text is the département's « revenir au texte national » (rows are never edited
    nor deleted, so going back is a dated row too)."""
    formulation = derniere(cle, departement_id, le=le)
    return formulation if formulation is not None and formulation.texte else None


def texte_national(cle):
    return get_template(f"invitations/formulations/{cle}.txt").template.source


def rendre(cle, *, departement_id, contexte, le=None):
    """The wording of ``cle`` for ``departement_id``, rendered over ``contexte`` (plain text)."""
    formulation = en_vigueur(cle, departement_id, le=le)
    source = formulation.texte if formulation is not None else texte_national(cle)
    return Template(source).render(Context(contexte, autoescape=False)).strip()
