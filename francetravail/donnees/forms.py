from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.donnees.enums import ActionConservation


class FiltreRegistreForm(DsfrBaseForm):
    """The purge register's filters, and the look-up of one file (« ce dossier a-t-il été traité ? »)."""

    regle = forms.ChoiceField(label="Règle", required=False)
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Toutes"), *ActionConservation.choices])
    du = forms.DateField(label="Exécutée à partir du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Jusqu'au (inclus)", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    dossier = forms.IntegerField(
        label="Numéro du dossier",
        required=False,
        min_value=1,
        help_text="Le registre ne garde que des empreintes : seules les lignes qui ont traité ce dossier s'affichent.",
    )

    def __init__(self, *args, regles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regle"].choices = [("", "Toutes"), *((r, r) for r in regles)]

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["au"] < donnees["du"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return donnees
