from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.reseau.attribution import choix_de_roles, message_refus_type, role_attribuable
from francetravail.reseau.enums import Role


class NouveauProfessionnelForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique professionnelle")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(label="Rôle dans l'organisation", choices=Role.choices)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Only the roles this type of organisation admits are offered; any other role (a
        # tampered form) is refused by clean_role, and again by the action.
        self.fields["role"].widget.choices = choix_de_roles(organisation.type_organisation)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_role(self):
        role = self.cleaned_data["role"]
        if not role_attribuable(self.organisation.type_organisation, role):
            raise forms.ValidationError(message_refus_type(self.organisation.type_organisation, role))
        return role
