"""What the employers' forms and actions share about input: a free text checked once, and an
action's refusal put back at the field it is about."""

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


def reporter(form, exc):
    """An action's ``ValidationError`` at its field when the form has it, else on top of the form."""
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.message_dict.items():
            for erreur in erreurs:
                form.add_error(champ if champ in form.fields else None, erreur)
        return
    for message in exc.messages:
        form.add_error(None, message)
