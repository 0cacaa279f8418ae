import string

from django.core.exceptions import ValidationError


class CharacterClassesValidator:
    """At least three of: lower case, upper case, digit, symbol (CNIL guidance with 12 characters)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or c.isspace() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                "Le mot de passe doit mélanger au moins trois types de caractères parmi : "
                "minuscules, majuscules, chiffres et caractères spéciaux.",
                code="password_too_simple",
            )

    def get_help_text(self):
        return (
            "Votre mot de passe doit mélanger au moins trois types de caractères parmi : "
            "minuscules, majuscules, chiffres et caractères spéciaux."
        )
