from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.reseau.enums import Role


class NouveauProfessionnelForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique professionnelle")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(label="Rôle dans l'organisation", choices=Role.choices)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
