from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from francetravail.base.formulaires import reporter
from francetravail.reseau.communes import commune_par_code_postal
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


class DemenagementForm(DsfrBaseForm):
    """The new postal address (the commune by its name and postcode, as every address form), and, when the
    person leaves the département and is not a bRSA, the organisation there that takes over (``organismes``:
    the choice, given by the view once the commune is known; the action checks it again)."""

    adresse = forms.CharField(label="Nouvelle adresse (numéro et voie)", max_length=250)
    code_postal = forms.CharField(label="Code postal", max_length=5, min_length=5)
    commune = forms.CharField(label="Commune", max_length=150)
    organisme = forms.ModelChoiceField(
        label="Organisme du nouveau département qui reprend l'accompagnement",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choisissez l'organisme",
    )

    def __init__(self, *args, organismes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organismes is None:
            del self.fields["organisme"]
        else:
            self.fields["organisme"].queryset = organismes

    def clean(self):
        donnees = super().clean()
        code_postal, nom = donnees.get("code_postal", ""), (donnees.get("commune") or "").strip()
        if code_postal and nom:
            try:
                donnees["commune_obj"] = commune_par_code_postal(code_postal, nom)
            except ValidationError as exc:
                reporter(self, exc)
        return donnees
