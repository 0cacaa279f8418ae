from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.accompagnement.queries import modalites_proposees


class ChoixModaliteForm(DsfrBaseForm):
    modalite = forms.ModelChoiceField(label="Modalité d'accompagnement", queryset=None, empty_label=None)
    fin_prevue = forms.DateField(
        label="Fin prévue",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Pour un parcours limité dans le temps (intensif : 12 mois au plus, puis un point d'étape de "
        "réévaluation). Laissez vide pour les autres modalités.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modalite"].queryset = modalites_proposees()
