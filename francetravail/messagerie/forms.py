from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.messagerie.models import LONGUEUR_MAX


class MessageForm(DsfrBaseForm):
    corps = forms.CharField(
        label="Votre message",
        help_text=f"{LONGUEUR_MAX} caractères au plus.",
        max_length=LONGUEUR_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Écrivez votre message avant de l'envoyer."},
    )
