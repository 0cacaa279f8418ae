"""Forms of the employers' accounts and companies. They parse; ``entreprises.comptes`` decides,
and its refusals are put back at the field they are about (``reporter``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from dsfr.forms import DsfrBaseForm

from entreprises import siret as siret_
from entreprises.comptes import MESSAGE_LONGUEUR_MAX
from entreprises.enums import TrancheEffectif
from entreprises.models import CodeNaf
from francetravail.base.formulaires import reporter
from francetravail.reseau.communes import commune_par_code_postal

TEXTE = forms.Textarea(attrs={"rows": 4})


class SiretField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Numéro SIRET de l'établissement")
        kwargs.setdefault(
            "help_text",
            "14 chiffres, espaces acceptés. Il figure sur l'avis de situation au répertoire SIRENE, "
            "l'extrait Kbis ou les bulletins de paie.",
        )
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        return siret_.valider_siret(value) if value else value


class SiretForm(DsfrBaseForm):
    siret = SiretField()


# --- The company's details ----------------------------------------------------------------------


class _NafParSection(ModelChoiceIterator):
    """The options grouped by NAF section (A to U), lazily: the query runs when the select is rendered."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groupes = {}
        for naf in self.queryset:
            groupe = f"{naf.code_section} — {naf.libelle_section.capitalize()}"
            groupes.setdefault(groupe, []).append(self.choice(naf))
        yield from groupes.items()


class CodeNafField(forms.ModelChoiceField):
    """The 732 sub-classes of NAF rév. 2 in one select, grouped by section so that a reader of the
    list (or a screen reader) finds the activity by its sector before its code."""

    iterator = _NafParSection

    def __init__(self, **kwargs):
        super().__init__(queryset=CodeNaf.objects.order_by("code_section", "code"), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.libelle}"


class EntrepriseForm(DsfrBaseForm):
    """The company's details: asked at creation (with its SIRET, carried from the first step) and
    edited later by its admins (``avec_siret=False``)."""

    siret = forms.CharField(widget=forms.HiddenInput, required=False)
    nom = forms.CharField(
        label="Raison sociale ou enseigne",
        max_length=200,
        help_text="Le nom sous lequel les candidats et les conseillers connaissent l'établissement.",
    )
    code_naf = CodeNafField(
        label="Activité principale (code NAF ou APE)",
        required=False,
        empty_label="Choisir l'activité",
        help_text="Le code APE attribué par l'INSEE, par exemple 10.71C pour une boulangerie-pâtisserie.",
    )
    tranche_effectif = forms.ChoiceField(
        label="Effectif salarié de l'établissement", choices=TrancheEffectif.choices, initial=TrancheEffectif.NN
    )
    adresse = forms.CharField(label="Adresse (numéro et voie)", max_length=250, required=False)
    code_postal = forms.CharField(label="Code postal", max_length=5, min_length=5)
    commune = forms.CharField(label="Commune", max_length=150)
    accessibilite_handicap = forms.CharField(
        label="Accueil des travailleurs handicapés",
        required=False,
        max_length=3000,
        widget=TEXTE,
        help_text="Accessibilité des locaux, aménagements de poste possibles, référent handicap…",
    )

    def __init__(self, *args, avec_siret=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not avec_siret:
            del self.fields["siret"]

    def clean_siret(self):
        # Carried from the first step: a tampered value is reported on top of the form.
        try:
            return siret_.valider_siret(self.cleaned_data["siret"])
        except ValidationError as exc:
            raise ValidationError(f"SIRET : {exc.messages[0]} Recommencez depuis la première étape.") from None

    def clean(self):
        donnees = super().clean()
        if "siret" in self.errors:
            self.add_error(None, self.errors.pop("siret"))
        if donnees.get("code_postal") and donnees.get("commune"):
            try:
                donnees["commune_obj"] = commune_par_code_postal(donnees["code_postal"], donnees["commune"])
            except ValidationError as exc:
                reporter(self, exc)
        return donnees

    def valeurs(self):
        """The action's keyword arguments."""
        d = self.cleaned_data
        return {
            "nom": d["nom"],
            "code_naf": d.get("code_naf"),
            "tranche_effectif": d["tranche_effectif"],
            "adresse": d.get("adresse", ""),
            "commune": d.get("commune_obj"),
            "accessibilite_handicap": d.get("accessibilite_handicap", ""),
        }

    @staticmethod
    def initial_depuis(entreprise):
        commune = entreprise.commune
        return {
            "nom": entreprise.nom,
            "code_naf": entreprise.code_naf_id,
            "tranche_effectif": entreprise.tranche_effectif,
            "adresse": entreprise.adresse,
            "code_postal": commune.codes_postaux[0] if commune and commune.codes_postaux else "",
            "commune": commune.nom if commune else "",
            "accessibilite_handicap": entreprise.accessibilite_handicap,
        }


# --- Writing to a conseiller --------------------------------------------------------------------


class MessageConseillerForm(DsfrBaseForm):
    """One per conseiller on the company page (prefix ``contact-<user id>``; the recipient is posted as ``pour``)."""

    message = forms.CharField(
        label="Votre message",
        max_length=MESSAGE_LONGUEUR_MAX,
        widget=TEXTE,
        help_text="Il est envoyé par courriel avec votre nom et votre adresse électronique, pour qu'on vous réponde.",
    )


# --- The network's side -------------------------------------------------------------------------


class ReferentForm(DsfrBaseForm):
    """``eligibles``: ``comptes.conseillers_eligibles(entreprise)`` (one row per conseiller and organisation)."""

    referent = forms.ModelChoiceField(
        label="Nouveau référent entreprise",
        queryset=None,
        empty_label="Choisir un conseiller",
        help_text="Un conseiller de l'organisation référente de l'entreprise ou d'une agence France Travail "
        "de son département. Il est prévenu par courriel.",
    )

    def __init__(self, *args, eligibles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = eligibles
        self.fields["referent"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} — {m.organisation.nom}"
        )


class FiltreEntreprisesForm(DsfrBaseForm):
    q = forms.CharField(
        label="Nom ou SIRET",
        required=False,
        max_length=200,
        help_text="Une partie du nom, ou le début du SIRET (le SIREN suffit).",
    )
    sans_referent = forms.BooleanField(label="Sans référent seulement", required=False)

    def criteres(self):
        if not self.is_valid():
            return {"q": "", "sans_referent": False}
        return {"q": self.cleaned_data["q"].strip(), "sans_referent": self.cleaned_data["sans_referent"]}
