from django import forms
from django.urls import reverse_lazy
from dsfr.forms import DsfrBaseForm

from francetravail.reseau.attribution import choix_de_roles, message_refus_type, role_attribuable
from francetravail.reseau.communes import libelle_commune, resoudre_commune
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Commune


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


class CommuneField(forms.CharField):
    """A commune typed by its name (« Lille », « Lille (59000) »), resolved to a ``Commune``.

    The input carries the autocomplete's endpoint (``static/js/commune.js`` turns it into a
    combobox); without JavaScript the server resolves the name alone, and an unknown or
    ambiguous name is a French error listing the choices, the typed text kept in the field.
    ``codes=True`` (professionals' forms) shows the INSEE code next to each suggestion."""

    def __init__(self, *, codes=False, **kwargs):
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)
        attrs = {"data-autocompletion-url": reverse_lazy("communes:recherche"), "autocomplete": "off"}
        if codes:
            attrs["data-autocompletion-codes"] = ""
        self.widget.attrs.update(attrs)

    def prepare_value(self, value):
        return libelle_commune(value) if isinstance(value, Commune) else value

    def clean(self, value):
        texte = super().clean(value)
        if not texte:
            return None
        return resoudre_commune(texte)
