"""What the employers' forms and actions share about input: a free text checked once. (An action's
refusal is put back at its field by ``francetravail.base.formulaires.reporter``.)"""

from django.core.exceptions import ValidationError

LONGUEUR_TEXTE = 5000


def texte(valeur, champ, message_obligatoire=None):
    """``valeur`` stripped; a ``ValidationError`` at ``champ`` when it is required and empty, or too long."""
    valeur = (valeur or "").strip()
    if message_obligatoire and not valeur:
        raise ValidationError({champ: message_obligatoire})
    if len(valeur) > LONGUEUR_TEXTE:
        raise ValidationError({champ: f"{LONGUEUR_TEXTE} caractères au plus."})
    return valeur
