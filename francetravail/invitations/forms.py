from django import forms
from dsfr.forms import DsfrBaseForm


class FormulationForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Texte",
        widget=forms.Textarea(attrs={"rows": 10, "data-apercu": "1"}),
        required=False,
        help_text="Les mentions légales sont ajoutées après ce texte : elles ne peuvent pas être retirées.",
    )
