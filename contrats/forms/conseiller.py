"""Forms of the référent's contract pages (back-office).

They parse what was typed; the rules themselves (15 hours, dispense grounds, ORE on
the professional parcours only…) are checked by ``contrats.actions``, whose
``ValidationError`` is put back on these forms with ``francetravail.base.formulaires.reporter``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from dsfr.forms import DsfrBaseForm

from contrats import regles
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, TypeAction
from contrats.scan import verifier_scan
from francetravail.base.formulaires import reporter
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument
from francetravail.reseau.communes import libelle_commune, resoudre_commune
from francetravail.reseau.models import Commune
from francetravail.rome.models import FicheRome
from francetravail.rome.recherche import resoudre_metier

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CODE_ROME = re.compile(r"^[A-N]\d{4}$", re.IGNORECASE)
CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)


def _elements(texte, code, virgules):
    """The items of a list typed in one field, separated by « ; » or new lines. An item made of codes only
    (« N1101, N1103 », « N1101 N1103 ») is split into them; commas separate names too when ``virgules``
    (commune names never hold one; job labels may)."""
    elements = []
    for element in re.split(r"[;\n]", texte or ""):
        codes = [m for m in re.split(r"[\s,]+", element) if m]
        if codes and all(code.match(m) for m in codes):
            elements += codes
        elif virgules:
            elements += element.split(",")
        else:
            elements.append(element)
    return [" ".join(e.split()) for e in elements if e.strip()]


def _resoudre(elements, resoudre):
    """Each item resolved, duplicates dropped; every item's refusal said at once."""
    resultats, erreurs = [], []
    for element in elements:
        try:
            resultat = resoudre(element)
        except ValidationError as exc:
            erreurs.extend(exc.error_list)
        else:
            if resultat not in resultats:
                resultats.append(resultat)
    if erreurs:
        raise ValidationError(erreurs)
    return resultats


class ActionPlanForm(DsfrBaseForm):
    type_action = forms.ChoiceField(
        label="Type d'action", choices=[("", "Choisir un type d'action"), *TypeAction.choices]
    )
    porteur = forms.ChoiceField(
        label="Qui s'engage à la réaliser ?", choices=PorteurAction.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label="Description", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    debut = forms.DateField(label="Début", widget=_DATE)
    fin = forms.DateField(label="Fin", required=False, widget=_DATE, help_text="Facultatif : vide si sans terme.")
    heures_hebdo = forms.DecimalField(
        label="Heures par semaine",
        min_value=0,
        max_value=168,
        max_digits=4,
        decimal_places=1,
        help_text="Par demi-heure au plus fin, par exemple 7,5.",
        localize=True,
    )
    statut = forms.ChoiceField(label="Statut", choices=StatutAction.choices, initial=StatutAction.PREVUE)
    lien = forms.URLField(
        label="Lien vers l'offre ou la formation",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Facultatif. Adresse commençant par https://",
    )

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", "La fin de l'action ne peut pas précéder son début.")
        return donnees

    def champs_action(self):
        donnees = dict(self.cleaned_data)
        donnees["lien"] = donnees.get("lien") or ""
        return donnees


class AmenagementDureeForm(DsfrBaseForm):
    amenagement = forms.ChoiceField(
        label="Durée hebdomadaire d'activité", choices=AmenagementDuree.choices, widget=forms.RadioSelect
    )
    motif_minoration = forms.CharField(
        label="Motif de la minoration",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour une minoration : les raisons individuelles, au vu du diagnostic.",
    )
    demandee_par_personne = forms.BooleanField(
        label="La personne demande à être dispensée de durée hebdomadaire",
        required=False,
        help_text="Obligatoire pour une dispense : elle n'est possible qu'à sa demande.",
    )
    motif_dispense = forms.ChoiceField(
        label="Motif de la dispense",
        required=False,
        choices=[("", "Choisir le motif prévu par la loi"), *MotifDispense.choices],
    )
    demandee_le = forms.DateField(
        label="Date de la demande de la personne",
        required=False,
        widget=_DATE,
        help_text="Pour une dispense ; aujourd'hui si vide.",
    )
    # Dispense « parent isolé » when the file does not say there is a child under 12 (contrats.dispense).
    enfant_naissance = forms.DateField(
        label="Date de naissance de l'enfant de moins de 12 ans",
        required=False,
        widget=_DATE,
        help_text=(
            "Pour une dispense « parent isolé », quand le dossier ne mentionne pas d'enfant de moins de 12 ans."
        ),
    )
    justificatif_enfant = forms.CharField(
        label="Pièce vue pour l'âge de l'enfant",
        required=False,
        max_length=300,
        help_text="Le document qui établit l'âge de l'enfant, par exemple « livret de famille vu le 3 mars 2026 ».",
    )

    # The rule messages of contrats.regles, shown at the field they are about.
    CHAMPS_PAR_MESSAGE = {
        regles.MOTIF_MINORATION_REQUIS: "motif_minoration",
        regles.DISPENSE_SANS_DEMANDE: "demandee_par_personne",
        regles.DISPENSE_MOTIF_INVALIDE: "motif_dispense",
        regles.AMENAGEMENT_INCONNU: "amenagement",
    }

    def reporter(self, exc):
        reporter(self, exc, champs_par_message=self.CHAMPS_PAR_MESSAGE)


class OreForm(DsfrBaseForm):
    """The ORE as the référent writes it: jobs and communes by name (suggestions from the ROME and the COG),
    or by their codes; separated by « ; ». Each item is resolved on the server, so the form works without
    JavaScript, and every unknown or ambiguous item is said, naming the choices."""

    metiers = forms.CharField(
        label="Métiers recherchés",
        max_length=1000,
        help_text="Tapez un intitulé et choisissez-le dans les suggestions, ou un code ROME ; plusieurs métiers "
        "séparés par « ; », par exemple « Boulanger / Boulangère (D1102) ; N1103 ».",
        widget=forms.TextInput(
            attrs={
                "data-autocompletion-url": reverse_lazy("rome:appellations"),
                "data-autocompletion-multiple": "",
                "data-autocompletion-codes": "",
            }
        ),
    )
    zone = forms.CharField(
        label="Zone géographique de recherche",
        required=False,
        max_length=500,
        help_text="Par exemple : « Lille et 30 km autour », « Métropole européenne de Lille ».",
    )
    communes = forms.CharField(
        label="Communes",
        required=False,
        max_length=2000,
        help_text="Facultatif si la zone est décrite : leurs noms, choisis dans les suggestions ou suivis du code "
        "postal (« Lille (59000) »), ou leurs codes INSEE ; séparés par « ; ».",
        widget=forms.TextInput(
            attrs={
                "data-autocompletion-url": reverse_lazy("communes:recherche"),
                "data-autocompletion-multiple": "",
                "data-autocompletion-codes": "",
            }
        ),
    )
    salaire_attendu = forms.DecimalField(
        label="Salaire attendu (brut mensuel, en euros)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
    )

    def clean_metiers(self):
        codes = _resoudre(_elements(self.cleaned_data["metiers"], CODE_ROME, virgules=False), resoudre_metier)
        if not codes:
            raise ValidationError("Indiquez au moins un métier recherché.")
        return codes

    def clean_communes(self):
        communes = _resoudre(
            _elements(self.cleaned_data["communes"], CODE_INSEE, virgules=True),
            lambda texte: resoudre_commune(texte, codes_insee=True),
        )
        return [c.code_insee for c in communes]

    @staticmethod
    def initial_depuis(contrat):
        """The saved ORE written back as the field reads it: names, with their codes."""
        fiches = dict(FicheRome.objects.filter(code_rome__in=contrat.ore_metiers).values_list("code_rome", "libelle"))
        communes = Commune.objects.in_bulk(contrat.ore_communes) if contrat.ore_communes else {}
        return {
            "metiers": "; ".join(f"{fiches[c]} ({c})" if c in fiches else c for c in contrat.ore_metiers),
            "zone": contrat.ore_zone,
            "communes": "; ".join(libelle_commune(communes[c]) if c in communes else c for c in contrat.ore_communes),
            "salaire_attendu": contrat.ore_salaire_attendu,
        }

    def reporter(self, exc):
        # The action names its fields after the model (ore_metiers…): map them to this form's.
        reporter(self, exc, renommer=lambda champ: champ.removeprefix("ore_"))


class SignaturePapierForm(DsfrBaseForm):
    signature_papier = forms.FileField(
        label="Scan du contrat signé",
        help_text="Fichier PDF, JPEG ou PNG de 10 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, refus=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A scan over the limit was dropped while it arrived (francetravail.base.televersement): the field
        # says why rather than « Ce champ est obligatoire ».
        self.refus = refus
        if refus:
            self.fields["signature_papier"].required = False  # the refusal below is the field's error

    def clean_signature_papier(self):
        if self.refus:
            raise ValidationError(self.refus)
        # The action checks it too: here, to show the refusal at the field. The scan is opened first
        # (contrats.scan: its own messages), then its type read and the antivirus asked, as for every
        # document (francetravail.documents.depot.verifier, which the action then does not repeat).
        scan = self.cleaned_data["signature_papier"]
        verifier_scan(scan)
        depot.verifier(scan, NatureDocument.SIGNATURE_PAPIER)
        return scan


class RevisionForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi réviser le contrat ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Par exemple, le point d'étape du jour. La version signée reste en vigueur jusqu'à la nouvelle signature."
        ),
    )


class RythmeForm(DsfrBaseForm):
    rythme_points_etape = forms.IntegerField(label="Un point d'étape toutes les (semaines)", min_value=1, max_value=52)
