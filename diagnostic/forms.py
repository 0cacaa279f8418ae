"""One form per section of the diagnostic. A form reads and writes its section's
content (a JSON object whose keys are the form's fields), and carries the version
number it was read at (``version_lue``) for the optimistic locking.

Every field is optional: a diagnostic is written over several interviews, and a
half-filled section must save.
"""

import datetime

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from diagnostic.enums import (
    Acquis,
    Autonomie,
    ConnaissanceMarche,
    Equipement,
    MoyenTransport,
    Section,
    Severite,
)
from francetravail.documents.enums import NatureDocument
from francetravail.documents.forms import ChampDocument
from francetravail.rome.models import Appellation
from francetravail.rome.recherche import rechercher_appellations
from inscription.enums import (
    Disponibilite,
    Logement,
    MaturiteProjet,
    NiveauFrancais,
    NiveauQualification,
    SituationFamiliale,
    TypeFrein,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_NON_RENSEIGNE = [("", "Non renseigné")]


def _texte(label, help_text="", rows=3, max_length=5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choix(label, choices, help_text=""):
    return forms.ChoiceField(label=label, choices=[*_NON_RENSEIGNE, *choices], required=False, help_text=help_text)


def _oui_non(label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _plusieurs(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class SectionForm(DsfrBaseForm):
    """Base of the section forms: content in and out, and the version read."""

    section = None
    # Fields of the form that are not part of the content (the search box of the target jobs…).
    hors_contenu = ()

    version_lue = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    @classmethod
    def champs_contenu(cls):
        return [nom for nom in cls.base_fields if nom != "version_lue" and nom not in cls.hors_contenu]

    @classmethod
    def initial_depuis(cls, contenu, version):
        """The form's initial values from a section's content (JSON) and its version number."""
        initial = {"version_lue": version}
        for nom in cls.champs_contenu():
            if nom not in contenu:
                continue
            valeur = contenu[nom]
            champ = cls.base_fields[nom]
            if isinstance(champ, forms.TypedChoiceField) and isinstance(valeur, bool):
                valeur = "oui" if valeur else "non"
            initial[nom] = valeur
        return initial

    def contenu(self):
        """The cleaned data as the section's JSON content."""
        resultat = {}
        for nom in self.champs_contenu():
            valeur = self.cleaned_data.get(nom)
            if isinstance(valeur, datetime.date):
                valeur = valeur.isoformat()
            elif isinstance(valeur, tuple):
                valeur = list(valeur)
            resultat[nom] = valeur
        return resultat


class CompetencesForm(SectionForm):
    section = Section.COMPETENCES
    niveau_qualification = _choix("Niveau de qualification", NiveauQualification.choices)
    diplome = forms.CharField(label="Diplôme le plus élevé", max_length=200, required=False)
    experiences = _texte("Expériences professionnelles et bénévoles", rows=4)
    savoir_faire = _texte("Compétences techniques (savoir-faire)", "Ce que la personne sait faire, métier par métier.")
    savoir_etre = _texte("Compétences transversales (savoir-être)", "Ponctualité, travail en équipe, relation client…")
    formations = _texte("Formations envisagées")


class ProjetForm(SectionForm):
    section = Section.PROJET
    hors_contenu = ("recherche_metier",)

    maturite = _choix("Maturité du projet", MaturiteProjet.choices)
    projet = _texte("Projet professionnel", rows=4)
    metiers = forms.MultipleChoiceField(
        label="Métiers recherchés",
        help_text="Cochez les métiers retenus ; décochez-en un pour le retirer.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recherche_metier = forms.CharField(
        label="Ajouter un métier",
        help_text="Un intitulé (les accents et les fautes de frappe sont tolérés) ou un code ROME, "
        "puis « Rechercher ».",
        required=False,
        max_length=100,
    )
    disponibilite = _choix("Disponibilité", Disponibilite.choices)
    mobilite_km = forms.IntegerField(
        label="Mobilité géographique (kilomètres autour du domicile)",
        required=False,
        min_value=0,
        max_value=1000,
    )
    moyens_transport = _plusieurs("Moyens de déplacement", MoyenTransport.choices)
    permis_b = _oui_non("Permis B")
    salaire_souhaite = forms.IntegerField(
        label="Salaire souhaité (euros bruts par mois)",
        required=False,
        min_value=0,
        max_value=100_000,
    )

    def __init__(self, *args, metiers_connus=(), recherche=None, **kwargs):
        """``metiers_connus``: the jobs already chosen (dicts of the content); ``recherche``:
        the text typed in the search box, whose results are offered as extra boxes."""
        super().__init__(*args, **kwargs)
        connus = {m["code_ogr"]: m for m in metiers_connus}
        codes_saisis = self.data.getlist(self.add_prefix("metiers")) if self.is_bound else []
        manquants = [c for c in codes_saisis if c not in connus]
        if manquants:
            for a in Appellation.objects.filter(code_ogr__in=manquants[:50]).only("code_ogr", "libelle_long", "fiche"):
                connus[a.code_ogr] = _metier(a)
        self.resultats = []
        if recherche:
            self.resultats = [_metier(a) for a in rechercher_appellations(recherche, limite=15)]
            for m in self.resultats:
                connus.setdefault(m["code_ogr"], m)
        self._metiers = connus
        self.fields["metiers"].choices = [(code, f"{m['libelle']} ({m['code_rome']})") for code, m in connus.items()]

    def contenu(self):
        resultat = super().contenu()
        resultat["metiers"] = [self._metiers[code] for code in resultat.get("metiers") or []]
        return resultat

    @classmethod
    def initial_depuis(cls, contenu, version):
        initial = super().initial_depuis(contenu, version)
        initial["metiers"] = [m["code_ogr"] for m in contenu.get("metiers") or []]
        return initial


def _metier(appellation):
    return {"code_ogr": appellation.code_ogr, "libelle": appellation.libelle_long, "code_rome": appellation.fiche_id}


class MarcheForm(SectionForm):
    section = Section.MARCHE
    connaissance = _choix("Connaissance du marché du travail", ConnaissanceMarche.choices)
    demarches = _texte("Démarches déjà faites", "Candidatures, entretiens d'embauche, immersions, salons…")
    offres = _texte("Offres et débouchés sur le territoire pour les métiers recherchés")
    ecarts = _texte("Écarts entre le projet et le marché, et pistes pour les réduire")


class SituationForm(SectionForm):
    section = Section.SITUATION
    situation_familiale = _choix("Situation familiale", SituationFamiliale.choices)
    nb_enfants_charge = forms.IntegerField(label="Enfants à charge", required=False, min_value=0, max_value=30)
    enfant_moins_12_ans = _oui_non("Un enfant de moins de 12 ans")
    logement = _choix("Logement", Logement.choices)
    contraintes = _texte(
        "Contraintes",
        "Garde d'enfants, horaires, proche aidant, démarches en cours… (sans détail médical ni judiciaire)",
    )
    impact_contraintes = _choix("Impact des contraintes sur le retour à l'emploi", Severite.choices)
    autonomie = _choix("Autonomie dans les démarches", Autonomie.choices)
    observations = _texte("Observations")


class NumeriqueForm(SectionForm):
    section = Section.NUMERIQUE
    autonomie_numerique = _choix("Autonomie numérique", Autonomie.choices)
    equipement = _plusieurs("Équipement", Equipement.choices)
    lire = _choix("Lire", Acquis.choices)
    ecrire = _choix("Écrire", Acquis.choices)
    compter = _choix("Compter", Acquis.choices)
    niveau_francais = _choix("Niveau de français", NiveauFrancais.choices)
    observations = _texte("Observations")


class DroitsDevoirsForm(SectionForm):
    """The information on rights and duties is recorded: who informed the person is the
    author of the save that records it (``diagnostic.actions``), the date is asked."""

    section = Section.DROITS_DEVOIRS
    informee = forms.BooleanField(label="La personne a été informée de ses droits et devoirs", required=False)
    informee_le = forms.DateField(label="Date de l'information", required=False, widget=_DATE)
    modalites = _texte("Comment", "Entretien, document remis, explications sur les sanctions et les voies de recours…")

    def clean(self):
        donnees = super().clean()
        informee, le = donnees.get("informee"), donnees.get("informee_le")
        if informee and le is None and "informee_le" not in self.errors:
            self.add_error("informee_le", "Indiquez la date à laquelle la personne a été informée.")
        if le is not None and le > timezone.localdate():
            self.add_error("informee_le", "La date de l'information ne peut pas être dans le futur.")
        if le is not None and not informee:
            self.add_error("informee", "Cochez cette case si la personne a été informée à cette date.")
        return donnees


def _champs_freins():
    champs = {}
    for type_frein in TypeFrein:
        champs[f"{type_frein.value}_severite"] = forms.ChoiceField(
            label=f"{type_frein.label} : sévérité",
            choices=[("", "Non concerné"), *Severite.choices],
            required=False,
        )
        champs[f"{type_frein.value}_solution"] = _texte(f"{type_frein.label} : solution mobilisée", rows=2)
    return champs


class _FreinsBase(SectionForm):
    """Each barrier of SPEC §2.5 with its severity and the solution mobilised (content keys
    ``<type>_severite`` and ``<type>_solution``)."""

    section = Section.FREINS

    def clean(self):
        donnees = super().clean()
        for type_frein in TypeFrein:
            if donnees.get(f"{type_frein.value}_solution") and not donnees.get(f"{type_frein.value}_severite"):
                self.add_error(
                    f"{type_frein.value}_severite",
                    "Indiquez la sévérité de ce frein, ou effacez la solution mobilisée.",
                )
        return donnees

    def lignes(self):
        """(type label, severity field, solution field) per barrier, for the template."""
        return [
            (type_frein.label, self[f"{type_frein.value}_severite"], self[f"{type_frein.value}_solution"])
            for type_frein in TypeFrein
        ]


# Two fields per barrier type, declared from the list of types.
FreinsForm = type("FreinsForm", (_FreinsBase,), {"__module__": __name__, **_champs_freins()})


class SanteForm(SectionForm):
    section = Section.SANTE
    details = _texte(
        "Situation de santé", "Ce qui est utile à l'accompagnement, avec l'accord de la personne.", rows=4
    )
    restrictions = _texte("Restrictions ou contre-indications pour le travail")
    demarches = _texte("Démarches en cours", "Soins, reconnaissance de la qualité de travailleur handicapé…")


class JusticeForm(SectionForm):
    section = Section.JUSTICE
    details = _texte(
        "Situation judiciaire", "Ce qui est utile à l'accompagnement, avec l'accord de la personne.", rows=4
    )
    obligations = _texte("Obligations ou interdictions fixées par la justice", "Horaires, lieux, métiers interdits…")
    demarches = _texte("Démarches en cours et professionnels à coordonner")


class FinancesForm(SectionForm):
    section = Section.FINANCES
    details = _texte("Situation financière", "Ressources, charges, ce qui pèse sur le retour à l'emploi.", rows=4)
    dettes = _oui_non("Des dettes")
    surendettement = _oui_non("Un dossier de surendettement déposé")
    demarches = _texte("Démarches en cours", "Aide budgétaire, aides d'urgence, accès aux droits…")


FORMULAIRES = {
    form.section: form
    for form in (
        CompetencesForm,
        ProjetForm,
        MarcheForm,
        SituationForm,
        NumeriqueForm,
        DroitsDevoirsForm,
        FreinsForm,
        SanteForm,
        JusticeForm,
        FinancesForm,
    )
}


class ReorientationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi le diagnostic demande-t-il une nouvelle orientation ?",
        help_text="Le motif est transmis à l'orienteur avec la demande.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PieceForm(DsfrBaseForm):
    """A supporting document of one section: the sections offered are those the professional writes."""

    section = forms.ChoiceField(label="Partie du diagnostic concernée")
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=200,
        help_text="Par exemple : « Attestation de la MDPH du 3 mars ». Jamais de détail médical.",
    )
    fichier = ChampDocument(nature=NatureDocument.DIAGNOSTIC, label="Pièce justificative")

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Choisir une partie"), *((s.value, s.label) for s in sections)]
