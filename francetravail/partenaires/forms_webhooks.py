from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison


class AbonnementForm(DsfrBaseForm):
    url = forms.URLField(
        label="Adresse de réception",
        help_text="Adresse https de votre logiciel qui recevra les événements (https://exemple.fr/webhooks).",
        max_length=500,
        assume_scheme="https",
    )
    evenements = forms.MultipleChoiceField(
        label="Événements",
        help_text="Les événements que votre logiciel veut recevoir.",
        choices=EvenementWebhook.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un événement."},
    )


class FiltreLivraisonsForm(DsfrBaseForm):
    statut = forms.ChoiceField(label="Statut", choices=[("", "Tous")] + StatutLivraison.choices, required=False)
    evenement = forms.ChoiceField(label="Événement", choices=[("", "Tous")] + EvenementWebhook.choices, required=False)
