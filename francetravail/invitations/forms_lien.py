"""The booking link's forms: the identity check, the callback request, the one-step account."""

from datetime import date

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from francetravail.personnes.regles import normaliser_telephone

DATE_INCOMPLETE = "Indiquez votre date de naissance en entier : jour, mois et année, en chiffres."
DATE_INEXISTANTE = "Cette date n'existe pas : vérifiez le jour, le mois et l'année."


class NaissanceForm(forms.Form):
    """The birth date in three fields (DSFR « date en plusieurs champs »), rendered by the template."""

    jour = forms.IntegerField(min_value=1, max_value=31, required=False)
    mois = forms.IntegerField(min_value=1, max_value=12, required=False)
    annee = forms.IntegerField(min_value=1900, max_value=2100, required=False)

    def clean(self):
        donnees = super().clean()
        if self.errors:
            raise forms.ValidationError(DATE_INCOMPLETE)
        jour, mois, annee = donnees.get("jour"), donnees.get("mois"), donnees.get("annee")
        if None in (jour, mois, annee):
            raise forms.ValidationError(DATE_INCOMPLETE)
        try:
            donnees["date_naissance"] = date(annee, mois, jour)
        except ValueError:
            raise forms.ValidationError(DATE_INEXISTANTE) from None
        if donnees["date_naissance"] > timezone.localdate():
            raise forms.ValidationError(DATE_INEXISTANTE)
        return donnees


class CodeForm(forms.Form):
    code = forms.CharField(max_length=20, error_messages={"required": "Indiquez le code imprimé sur le courrier."})


class RappelForm(DsfrBaseForm):
    telephone = forms.CharField(
        label="Numéro de téléphone où vous rappeler",
        max_length=20,
        help_text="Par exemple : 06 12 34 56 78.",
        error_messages={"required": "Indiquez le numéro où vous rappeler."},
    )
    disponibilites = forms.CharField(
        label="Quand vous rappeler",
        max_length=250,
        required=False,
        help_text="Par exemple : le matin, ou le mardi après-midi.",
    )

    def clean_telephone(self):
        try:
            telephone = normaliser_telephone(self.cleaned_data["telephone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not telephone:
            raise forms.ValidationError("Indiquez le numéro où vous rappeler.")
        return telephone


class EspaceForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique", help_text="Vous vous connecterez avec elle.")
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    mot_de_passe = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12 caractères au moins, mélangeant au moins trois types parmi : minuscules, majuscules, "
        "chiffres et caractères spéciaux ; évitez un mot de passe courant ou proche de votre nom.",
    )


class AnnulationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi annulez-vous ?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : je suis malade, j'ai trouvé un emploi, je ne peux pas me déplacer ce jour-là.",
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )
