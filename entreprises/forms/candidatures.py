"""Forms of the applications and immersions screens. They parse; ``entreprises.candidatures`` and
``entreprises.immersions`` decide, and their refusals land at the field (``reporter``)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from dsfr.forms import DsfrBaseForm

from entreprises.enums import MotifRefus
from entreprises.models import Entreprise, Immersion
from francetravail.documents.enums import NatureDocument
from francetravail.documents.forms import ChampDocument
from francetravail.rome.models import FicheRome
from francetravail.rome.recherche import resoudre_metier

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTE = forms.Textarea(attrs={"rows": 4})
LONGUEUR = 5000


# --- Applications -----------------------------------------------------------------------------


class CandidatureForm(DsfrBaseForm):
    message = forms.CharField(
        label="Message à l'employeur",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text=(
            "Pourquoi ce poste vous intéresse, vos disponibilités… L'employeur verra aussi votre recherche d'emploi."
        ),
    )
    cv = ChampDocument(
        nature=NatureDocument.CV,
        label="Votre CV (facultatif)",
        required=False,
        help_text="PDF, JPEG ou PNG. Seul l'employeur qui a publié l'offre le lit ; chaque lecture est enregistrée.",
    )


class MiseEnRelationForm(DsfrBaseForm):
    message = forms.CharField(
        label="Message à l'employeur",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text=(
            "Ce qui fait de cette personne une bonne candidate. "
            "Jamais d'élément de son diagnostic ni de sa situation sociale."
        ),
    )


class EntretienForm(DsfrBaseForm):
    message = forms.CharField(
        label="Informations pour la personne",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Date, heure, lieu ou modalités de l'entretien. La personne les lit dans son espace.",
    )


class AcceptationForm(DsfrBaseForm):
    message = forms.CharField(
        label="Message à la personne",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Par exemple la suite prévue avant l'embauche.",
    )


MOTIFS_EMPLOYEUR = [(v, libelle) for v, libelle in MotifRefus.choices if v != MotifRefus.CANDIDAT_DESISTE]


class RefusForm(DsfrBaseForm):
    motif = forms.ChoiceField(label="Motif du refus", choices=[("", "Choisir un motif"), *MOTIFS_EMPLOYEUR])
    precision = forms.CharField(
        label="Précision",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Obligatoire pour « Autre motif ». La personne lit le motif et la précision dans son espace.",
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("motif") == MotifRefus.AUTRE and not (donnees.get("precision") or "").strip():
            self.add_error("precision", "Précisez le motif du refus.")
        return donnees


class EmbaucheForm(DsfrBaseForm):
    date_embauche = forms.DateField(
        label="Date d'embauche",
        widget=DATE,
        help_text="Le premier jour de travail. Elle ne peut précéder la candidature.",
        error_messages={"required": "Indiquez la date d'embauche.", "invalid": "Date invalide (jj/mm/aaaa)."},
    )


class DesistementForm(DsfrBaseForm):
    precision = forms.CharField(
        label="Pourquoi retirez-vous votre candidature ?",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Facultatif. L'employeur et votre référent verront ce que vous écrivez ici.",
    )


# --- Immersions -------------------------------------------------------------------------------


class ImmersionForm(DsfrBaseForm):
    siret = forms.CharField(
        label="SIRET de l'entreprise d'accueil",
        max_length=20,
        help_text="14 chiffres. L'entreprise doit avoir un espace employeur sur la plateforme.",
    )
    fiche_rome = forms.CharField(
        label="Métier découvert",
        max_length=200,
        help_text="Tapez son intitulé et choisissez-le dans les suggestions, ou son code ROME (D1102).",
        widget=forms.TextInput(
            attrs={"data-autocompletion-url": reverse_lazy("rome:appellations"), "data-autocompletion-codes": ""}
        ),
    )
    objectif = forms.ChoiceField(label="Objet de l'immersion", choices=Immersion._meta.get_field("objectif").choices)
    objectifs_detail = forms.CharField(
        label="Objectifs précis et activités prévues",
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Les tâches confiées et les compétences recherchées, et comment leur réalisation sera évaluée.",
    )
    tuteur_nom = forms.CharField(label="Tuteur dans l'entreprise (nom et fonction)", max_length=200)
    tuteur_email = forms.EmailField(label="Courriel du tuteur", required=False)
    date_debut = forms.DateField(label="Premier jour", widget=DATE)
    date_fin = forms.DateField(label="Dernier jour", widget=DATE)
    horaires = forms.CharField(
        label="Horaires de présence",
        max_length=250,
        help_text="Par exemple : du lundi au vendredi, 9 h – 12 h et 13 h 30 – 17 h (35 heures par semaine).",
    )

    def clean_siret(self):
        siret = re.sub(r"\s", "", self.cleaned_data["siret"])
        if not re.fullmatch(r"[0-9]{14}", siret):
            raise ValidationError("Un SIRET compte 14 chiffres.")
        entreprise = Entreprise.objects.filter(siret=siret).first()
        if entreprise is None:
            raise ValidationError("Aucune entreprise inscrite sur la plateforme n'a ce SIRET.")
        self.entreprise = entreprise
        return siret

    def clean_fiche_rome(self):
        return FicheRome.objects.get(pk=resoudre_metier(self.cleaned_data["fiche_rome"]))

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "Le dernier jour ne peut précéder le premier.")
        return donnees


class BilanForm(DsfrBaseForm):
    bilan = forms.CharField(
        label="Bilan de l'immersion",
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Ce qui a été fait, les objectifs atteints ou non, la suite envisagée.",
    )
    appreciation_tuteur = forms.CharField(
        label="Appréciation du tuteur",
        required=False,
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Ce que le tuteur a transmis sur le déroulement de la période.",
    )


class AnnulationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif de l'annulation",
        max_length=LONGUEUR,
        widget=TEXTE,
        help_text="Les deux autres parties le liront.",
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )


class AccordForm(DsfrBaseForm):
    confirme = forms.BooleanField(
        label="J'ai lu la convention et je donne mon accord",
        error_messages={"required": "Cochez la case pour donner votre accord."},
    )


class PeriodeIndicateursForm(DsfrBaseForm):
    du = forms.DateField(label="Du", required=False, widget=DATE, help_text="Offres publiées à partir de ce jour.")
    au = forms.DateField(label="Au", required=False, widget=DATE, help_text="Offres publiées jusqu'à ce jour inclus.")

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and au < du:
            self.add_error("au", "La fin de la période ne peut précéder son début.")
        return donnees
