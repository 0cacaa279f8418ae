from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.reseau.models import Organisation
from orientation.actions import TYPES_REFERENTS
from orientation.enums import Parcours


def organismes_possibles(personne, type_organisation=None):
    qs = Organisation.objects.filter(actif=True, type_organisation__in=TYPES_REFERENTS).order_by("nom")
    if personne.departement_id:
        qs = qs.filter(departement_id=personne.departement_id)
    if type_organisation:
        qs = qs.filter(type_organisation=type_organisation)
    return qs


class ConfirmationForm(DsfrBaseForm):
    organisme = forms.ModelChoiceField(
        label="Organisme référent", queryset=Organisation.objects.none(), empty_label="Choisir un organisme"
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        qs = organismes_possibles(decision.personne, decision.type_organisme_propose)
        self.fields["organisme"].queryset = qs
        if decision.personne.organisme_referent_id and not self.is_bound:
            self.initial.setdefault("organisme", decision.personne.organisme_referent_id)


class ModificationForm(DsfrBaseForm):
    parcours = forms.ChoiceField(label="Parcours décidé", choices=[("", "Choisir un parcours"), *Parcours.choices])
    organisme = forms.ModelChoiceField(
        label="Organisme référent", queryset=Organisation.objects.none(), empty_label="Choisir un organisme"
    )
    motif = forms.CharField(
        label="Motif de la décision",
        help_text="Obligatoire : il est communiqué à la personne avec la décision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = organismes_possibles(decision.personne)


class ReorientationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi demander une nouvelle orientation ?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
