from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from dsfr.forms import DsfrBaseForm

from francetravail.documents.enums import NatureDocument
from francetravail.documents.forms import ChampDocument
from francetravail.rendezvous.enums import Modalite, Motif, StatutRendezVous, TypeAgenda, TypeIndisponibilite


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


class JustificatifAbsenceForm(DsfrBaseForm):
    justificatif = ChampDocument(
        nature=NatureDocument.ABSENCE_EXCUSEE,
        label="Justificatif d'absence",
        help_text="Arrêt de travail, convocation, attestation… : PDF, JPEG ou PNG.",
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


# --- Running agendas (views/agendas.py; the rules are in actions_agendas) --------------------------------

JOURS_SEMAINE = [
    (1, "Lundi"),
    (2, "Mardi"),
    (3, "Mercredi"),
    (4, "Jeudi"),
    (5, "Vendredi"),
    (6, "Samedi"),
    (7, "Dimanche"),
]


class ChoixMembreField(forms.ModelChoiceField):
    """A professional chosen by name (never an id typed in)."""

    def label_from_instance(self, obj):
        return obj.nom_affiche


class AgendaForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None, empty_label=None)
    type_agenda = forms.ChoiceField(label="Type d'agenda", choices=TypeAgenda.choices)
    libelle = forms.CharField(label="Nom de l'agenda", max_length=150)
    conseiller = ChoixMembreField(
        label="Conseiller",
        queryset=None,
        required=False,
        empty_label="Aucun (agenda partagé)",
        help_text="Obligatoire pour un agenda individuel.",
    )
    lieu = forms.CharField(
        label="Lieu habituel (adresse)",
        max_length=250,
        required=False,
        help_text="Proposé par défaut pour les rendez-vous sur place.",
    )

    def __init__(self, *args, organisations, membres, gestionnaire, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["conseiller"].queryset = membres
        if not gestionnaire:
            # A conseiller creates their own individual agenda only (rendezvous.acces.peut_creer_agenda).
            self.fields["type_agenda"].choices = [(TypeAgenda.INDIVIDUEL, TypeAgenda.INDIVIDUEL.label)]
            self.fields["conseiller"].queryset = membres.filter(pk=user.pk)
            self.fields["conseiller"].empty_label = None
            self.fields["conseiller"].initial = user.pk
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk


class PlageForm(DsfrBaseForm):
    jours = forms.TypedMultipleChoiceField(
        label="Jours de la semaine",
        choices=JOURS_SEMAINE,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un jour de la semaine."},
    )
    heure_debut = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}))
    heure_fin = forms.TimeField(label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}))
    duree_minutes = forms.IntegerField(label="Durée d'un créneau (minutes)", initial=45)
    capacite = forms.IntegerField(label="Places par créneau", initial=1, help_text="Plus d'une : session collective.")
    motif = forms.ChoiceField(label="Motif", choices=Motif.choices)
    modalite = forms.ChoiceField(label="Modalité", choices=Modalite.choices)
    lieu = forms.CharField(
        label="Lieu", max_length=250, required=False, help_text="Vide : le lieu habituel de l'agenda."
    )
    intitule = forms.CharField(
        label="Intitulé (session collective)", max_length=200, required=False, help_text="Montré aux personnes."
    )
    toutes_les_semaines = forms.IntegerField(label="Revient toutes les … semaines", initial=1)
    valide_du = forms.DateField(label="À partir du", widget=forms.DateInput(attrs={"type": "date"}))
    valide_au = forms.DateField(
        label="Jusqu'au (inclus)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Vide : sans date de fin.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valide_du"].initial = timezone.localdate()


class IndisponibiliteForm(DsfrBaseForm):
    type_indisponibilite = forms.ChoiceField(label="Type", choices=TypeIndisponibilite.choices)
    debut = forms.DateTimeField(label="Du", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    fin = forms.DateTimeField(label="Au", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    motif = forms.CharField(label="Motif (facultatif)", max_length=200, required=False)


class SessionCollectiveForm(DsfrBaseForm):
    intitule = forms.CharField(label="Intitulé de la session", max_length=200)
    jour = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    heure_debut = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}))
    heure_fin = forms.TimeField(label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}))
    capacite = forms.IntegerField(label="Nombre de places", initial=12)
    modalite = forms.ChoiceField(label="Modalité", choices=Modalite.choices)
    lieu = forms.CharField(
        label="Lieu", max_length=250, required=False, help_text="Vide : le lieu habituel de l'agenda."
    )

    def donnees_session(self):
        d = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "intitule": d["intitule"],
            "debut": timezone.make_aware(datetime.combine(d["jour"], d["heure_debut"]), zone),
            "fin": timezone.make_aware(datetime.combine(d["jour"], d["heure_fin"]), zone),
            "capacite": d["capacite"],
            "modalite": d["modalite"],
            "lieu": d["lieu"],
        }


class FermetureForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None, empty_label=None)
    debut = forms.DateTimeField(label="Du", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    fin = forms.DateTimeField(label="Au", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    motif = forms.CharField(label="Motif (pont, déménagement, fermeture exceptionnelle)", max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
