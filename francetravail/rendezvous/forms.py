from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from dsfr.forms import DsfrBaseForm

from francetravail.rendezvous.enums import Modalite, Motif, StatutRendezVous


def libelle_creneau(creneau):
    debut = timezone.localtime(creneau.debut)
    heure = date_format(debut, "H\\hi")
    texte = (
        f"{date_format(debut, 'l j F Y')} à {heure} — "
        f"{creneau.get_motif_display()}, {creneau.get_modalite_display().lower()}"
    )
    if creneau.lieu:
        texte += f" ({creneau.lieu})"
    return texte


class ChoixCreneauField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return libelle_creneau(obj)


class ChoixCreneauxField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{libelle_creneau(obj)} — {obj.agenda.libelle}, {obj.places_restantes} place(s)"


def ajouter_derogation(form, delai):
    """The reason to fix a first appointment past its limit: only where a professional books,
    offers or moves one while the delay runs (``delai``: a ``rendezvous.regles.Delai`` or None)."""
    if delai is None:
        return
    form.fields["derogation"] = forms.CharField(
        label="Motif du dépassement du délai (seulement pour un créneau après la date limite)",
        help_text=f"Premier rendez-vous à fixer au plus tard le {date_format(delai.limite, 'j F Y')}. "
        "Au-delà, indiquez pourquoi : le motif est enregistré avec votre nom et le rendez-vous "
        "reste compté en retard.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MotifForm(DsfrBaseForm):
    motif = forms.CharField(label="Motif", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class DeplacementForm(MotifForm):
    creneau = ChoixCreneauField(label="Nouveau créneau", queryset=None, empty_label="Choisissez un créneau")

    field_order = ["creneau", "motif"]

    def __init__(self, *args, creneaux, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creneau"].queryset = creneaux


class ReservationForm(DsfrBaseForm):
    creneau = ChoixCreneauField(
        label="Créneau à réserver pour la personne", queryset=None, empty_label="Choisissez un créneau"
    )

    def __init__(self, *args, creneaux, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creneau"].queryset = creneaux


class PropositionForm(DsfrBaseForm):
    creneaux = ChoixCreneauxField(
        label="Créneaux à proposer",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="La personne choisira l'un d'eux dans son espace.",
    )

    def __init__(self, *args, creneaux, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creneaux"].queryset = creneaux


class PresenceForm(DsfrBaseForm):
    statut = forms.ChoiceField(
        label="La personne était",
        choices=[
            (StatutRendezVous.HONORE, "Présente"),
            (StatutRendezVous.EXCUSE, "Excusée (motif obligatoire)"),
            (StatutRendezVous.ABSENT, "Absente sans excuse"),
        ],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif de l'excuse", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("statut") == StatutRendezVous.EXCUSE and not (data.get("motif") or "").strip():
            self.add_error("motif", "Indiquez le motif de l'excuse.")
        return data


class CorrectionPresenceForm(PresenceForm):
    correction = forms.CharField(
        label="Pourquoi corriger la présence enregistrée ?",
        help_text="Gardé dans l'historique du rendez-vous.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez pourquoi la présence est corrigée."},
    )


class CreneauForm(DsfrBaseForm):
    jour = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    heure_debut = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}))
    heure_fin = forms.TimeField(label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}))
    motif = forms.ChoiceField(label="Motif", choices=Motif.choices)
    modalite = forms.ChoiceField(label="Modalité", choices=Modalite.choices)
    lieu = forms.CharField(label="Lieu", max_length=250, required=False, help_text="Obligatoire sur place.")
    capacite = forms.IntegerField(
        label="Nombre de places",
        min_value=1,
        max_value=200,
        initial=1,
        help_text="Plus d'une place : session collective.",
    )

    def clean(self):
        data = super().clean()
        if data.get("jour") and data.get("heure_debut") and data.get("heure_fin"):
            zone = timezone.get_current_timezone()
            data["debut"] = datetime.combine(data["jour"], data["heure_debut"], tzinfo=zone)
            data["fin"] = datetime.combine(data["jour"], data["heure_fin"], tzinfo=zone)
        return data

    def donnees_creneau(self):
        d = self.cleaned_data
        return {k: d[k] for k in ("debut", "fin", "motif", "modalite", "lieu", "capacite")}
