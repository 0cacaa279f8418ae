from django import forms
from dsfr.forms import DsfrBaseForm


class RechercheNationaleForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom", min_length=2, max_length=150)
    prenom = forms.CharField(label="Prénom", required=False, max_length=150)
    date_naissance = forms.DateField(
        label="Date de naissance",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Facultative ; précise la recherche.",
    )


class FiltrePortefeuilleForm(DsfrBaseForm):
    q = forms.CharField(label="Nom ou prénom", required=False, max_length=150)
    en_retard = forms.BooleanField(label="Seulement les dossiers en retard sur une échéance", required=False)
