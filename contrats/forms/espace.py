"""Forms of the person's contract pages: accept, ask for changes, declare a week's activity."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

HEURES_MAX_SEMAINE = Decimal(168)  # 7 × 24: a week holds no more
COMMENTAIRE_MAX = 5000


def lundi(jour):
    return jour - datetime.timedelta(days=jour.weekday())


class AcceptationForm(DsfrBaseForm):
    # The hash of the version the person read: a version submitted meanwhile is refused by the action.
    empreinte = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirmation = forms.BooleanField(
        label="J’ai lu ce contrat d’engagement et je l’accepte",
        error_messages={"required": "Cochez la case pour confirmer que vous acceptez ce contrat."},
    )


class DemandeModificationForm(DsfrBaseForm):
    commentaire = forms.CharField(
        label="Les modifications que vous demandez",
        help_text="Expliquez ce que vous souhaitez changer : votre référent vous proposera une nouvelle version.",
        max_length=COMMENTAIRE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Indiquez les modifications que vous souhaitez."},
    )


SEMAINE_FUTURE = "Vous ne pouvez pas déclarer une semaine qui n’a pas encore commencé."


def semaine_choisie(valeur, possibles, aujourdhui=None):
    """``(monday, error)`` for the week asked (``YYYY-MM-DD``, any day of it); ``possibles``: Mondays offered."""
    try:
        semaine = lundi(datetime.date.fromisoformat(valeur))
    except (TypeError, ValueError):
        return None, "Choisissez une semaine dans la liste."
    if semaine > lundi(aujourdhui or timezone.localdate()):
        return None, SEMAINE_FUTURE
    if semaine not in possibles:
        return None, (
            "Cette semaine ne se déclare pas ici : choisissez-en une dans la liste (depuis l’acceptation de votre "
            "contrat, douze semaines au plus). Pour une semaine plus ancienne, écrivez à votre référent."
        )
    return semaine, None


class DeclarationForm(DsfrBaseForm):
    """Hours per action of the plan for one week; one field ``heures_<action id>`` per action."""

    commentaire = forms.CharField(
        label="Commentaire (facultatif)",
        help_text="Par exemple : ce qui vous a empêché de suivre une action cette semaine.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actions, prevues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        commentaire = self.fields.pop("commentaire")
        for action in self.actions:
            aide = "Heures passées cette semaine, par exemple 3 ou 2,5 (0 si aucune)."
            if prevues is not None and action.pk in prevues:
                aide = f"Prévu : {_h(prevues[action.pk])} h par semaine. " + aide
            self.fields[f"heures_{action.pk}"] = forms.DecimalField(
                label=f"{action.get_type_action_display()} — {action.description}",
                help_text=aide,
                min_value=Decimal(0),
                max_value=HEURES_MAX_SEMAINE,
                max_digits=4,
                decimal_places=1,
                localize=True,
                error_messages={
                    "required": "Indiquez le nombre d’heures (0 si vous n’avez pas travaillé sur cette action).",
                    "min_value": "Le nombre d’heures ne peut pas être négatif.",
                    "max_value": "Une semaine compte 168 heures au plus.",
                    "invalid": "Indiquez un nombre d’heures, par exemple 3 ou 2,5.",
                    "max_decimal_places": "Indiquez les heures au dixième d’heure près (une décimale).",
                    "max_digits": "Une semaine compte 168 heures au plus.",
                    "max_whole_digits": "Une semaine compte 168 heures au plus.",
                },
            )
        self.fields["commentaire"] = commentaire

    def clean(self):
        donnees = super().clean()
        total = sum((donnees.get(f"heures_{a.pk}") or Decimal(0) for a in self.actions), Decimal(0))
        if total > HEURES_MAX_SEMAINE:
            raise forms.ValidationError(
                f"Vous déclarez {_h(total)} heures au total : une semaine compte 168 heures au plus."
            )
        return donnees

    def heures(self):
        return {a.pk: self.cleaned_data[f"heures_{a.pk}"] for a in self.actions}


def _h(valeur):
    return f"{Decimal(valeur).normalize():f}".replace(".", ",")
