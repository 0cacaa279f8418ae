"""Input of the référents pages; the refusals of the actions are put on the fields by ``reporter``."""

from django import forms

from francetravail.referents import file
from francetravail.referents.actions import REPARTITION_EGALE, REPARTITION_MOINS_CHARGES
from francetravail.referents.enums import CritereAttribution


def _choix_conseillers(membres):
    return [(m.pk, f"{m.nom_affiche} ({m.charge} personne{'s' if m.charge > 1 else ''})") for m in membres]


class FiltreFileForm(forms.Form):
    commune = forms.ChoiceField(label="Commune", required=False)
    oriente_du = forms.DateField(
        label="Orientée depuis le", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    oriente_au = forms.DateField(
        label="Orientée jusqu'au", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    origine = forms.ChoiceField(label="Origine de l'inscription", required=False)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "Toutes")] + [(c.pk, f"{c.nom} ({c.pk})") for c in communes]
        origines = file.choix_origine()
        if origines:
            self.fields["origine"].choices = [("", "Toutes"), *origines]
        else:
            del self.fields["origine"]

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("oriente_du"), donnees.get("oriente_au")
        if du and au and du > au:
            self.add_error("oriente_au", "La date de fin précède la date de début.")
        return donnees


class ConseillerForm(forms.Form):
    """Designation in bulk from the queue, or one by one from the person."""

    conseiller = forms.TypedChoiceField(label="Référent unique", coerce=int)

    def __init__(self, *args, membres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.membres = {m.pk: m for m in membres}
        self.fields["conseiller"].choices = [("", "Choisir un conseiller")] + _choix_conseillers(membres)


class ChangementForm(ConseillerForm):
    motif = forms.CharField(
        label="Motif du changement",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,  # required by the action (for a change), which says so on this field
    )


class RegleForm(forms.Form):
    critere = forms.ChoiceField(label="Critère", choices=CritereAttribution.choices, widget=forms.RadioSelect)
    repli_moins_charge = forms.BooleanField(
        label="Par commune : les personnes d'une commune sans conseiller vont au moins chargé", required=False
    )


class CommuneForm(forms.Form):
    commune = forms.ChoiceField(label="Commune")
    conseiller = forms.TypedChoiceField(label="Conseiller", coerce=int)

    def __init__(self, *args, communes=(), membres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "Choisir une commune")] + [
            (c.pk, f"{c.nom} ({c.pk})") for c in communes
        ]
        self.fields["conseiller"].choices = [("", "Choisir un conseiller")] + _choix_conseillers(membres)


class TransfertForm(forms.Form):
    titulaire = forms.TypedChoiceField(label="Portefeuille de", coerce=int)
    destinataires = forms.TypedMultipleChoiceField(label="Repris par", coerce=int, widget=forms.CheckboxSelectMultiple)
    repartition = forms.ChoiceField(
        label="Répartition",
        choices=[
            (REPARTITION_EGALE, "À parts égales"),
            (REPARTITION_MOINS_CHARGES, "Au moins chargé d'abord (équilibre les portefeuilles)"),
        ],
        initial=REPARTITION_EGALE,
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(label="Motif (absence, départ…)", max_length=1000, required=False)

    def __init__(self, *args, titulaires=(), membres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titulaire"].choices = [("", "Choisir un portefeuille")] + _choix_conseillers(titulaires)
        self.fields["destinataires"].choices = _choix_conseillers(membres)
