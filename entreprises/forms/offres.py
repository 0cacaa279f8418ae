"""Forms of the offers' pages. They parse and check fields; ``entreprises.offres`` decides, and its
refusals land at the field they are about (``reporter``)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from dsfr.forms import DsfrBaseForm

from entreprises import offres
from entreprises.enums import StatutOffre, TempsTravail, TypeContrat
from francetravail.reseau.forms import CommuneField
from francetravail.rome.models import FicheRome
from francetravail.rome.recherche import rechercher_appellations

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COMPETENCES_MAX = 30
LANGUES_MAX = 10


def _avec_vide(choices, libelle="Choisir"):
    return [("", libelle), *choices]


class OffreForm(DsfrBaseForm):
    """The offer's fields. ``entreprises``: the companies the writer may choose from (several
    memberships); ``recherche``: the job title typed, whose ROME sheets are offered as choices."""

    entreprise = forms.TypedChoiceField(label="Entreprise", coerce=int, required=False)
    titre = forms.CharField(
        label="Intitulé du poste",
        max_length=200,
        help_text="Tel qu'il sera lu par les candidats, par exemple « Boulanger ou boulangère (H/F) ».",
    )
    recherche_metier = forms.CharField(
        label="Rechercher le métier",
        help_text="Un intitulé (les accents et les fautes de frappe sont tolérés) ou un code ROME, "
        "puis « Rechercher ».",
        required=False,
        max_length=100,
    )
    fiche_rome = forms.ChoiceField(
        label="Métier (code ROME)",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez le métier : recherchez-le par son intitulé ou son code ROME.",
            "invalid_choice": "Choisissez le métier dans la liste : recherchez-le par son intitulé ou son code ROME.",
        },
    )
    description = forms.CharField(
        label="Description du poste",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="Missions, horaires, conditions de travail, avantages.",
    )
    type_contrat = forms.ChoiceField(label="Type de contrat", choices=_avec_vide(TypeContrat.choices))
    duree_mois = forms.IntegerField(
        label="Durée du contrat (mois)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Obligatoire pour un CDD, une mission d'intérim, un contrat saisonnier ou une alternance ; "
        "vide pour un CDI.",
    )
    temps_travail = forms.ChoiceField(label="Temps de travail", choices=_avec_vide(TempsTravail.choices))
    heures_hebdo = forms.DecimalField(
        label="Heures par semaine",
        min_value=1,
        max_value=48,
        max_digits=4,
        decimal_places=1,
        localize=True,
        help_text="Temps plein : 35 heures ou plus. Temps partiel : moins de 35 heures. 48 heures au plus.",
    )
    salaire_min = forms.DecimalField(
        label="Salaire brut mensuel minimum (euros)",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text="Au moins le SMIC pour les heures indiquées ; une offre en dessous est examinée par un conseiller.",
    )
    salaire_max = forms.DecimalField(
        label="Salaire brut mensuel maximum (euros)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
    )
    commune = CommuneField(
        label="Lieu de travail (commune)",
        help_text="Son nom, par exemple « Lille » ; si plusieurs communes portent ce nom, ajoutez le code postal "
        "entre parenthèses : « Beaumont (63110) ».",
    )
    date_debut = forms.DateField(label="Date de prise de poste", widget=DATE)
    nb_postes = forms.IntegerField(label="Nombre de postes", min_value=1, max_value=500, initial=1)
    conditions_handicap = forms.CharField(
        label="Conditions d'accueil des travailleurs handicapés",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Accessibilité des locaux, aménagements de poste possibles, référent handicap…",
    )
    competences = forms.CharField(
        label="Compétences attendues",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=f"Une par ligne, {COMPETENCES_MAX} au plus.",
    )
    langues = forms.CharField(
        label="Langues",
        required=False,
        max_length=600,
        help_text="Séparées par des virgules, avec le niveau attendu, par exemple « Anglais courant (B2) ».",
    )

    def __init__(self, *args, entreprises=None, recherche=None, **kwargs):
        super().__init__(*args, **kwargs)
        entreprises = list(entreprises or [])
        if len(entreprises) > 1:
            self.fields["entreprise"].required = True
            self.fields["entreprise"].choices = _avec_vide([(e.pk, e.nom) for e in entreprises])
        else:
            del self.fields["entreprise"]
        self.resultats = []
        if recherche:
            self.resultats = rechercher_appellations(recherche, limite=15)
        self.fields["fiche_rome"].choices = self._choix_rome()

    def _choix_rome(self):
        """The sheet already chosen (or posted) first, then the search results, one line per sheet."""
        codes = []
        courant = self.data.get(self.add_prefix("fiche_rome")) if self.is_bound else self.initial.get("fiche_rome")
        if courant:
            codes.append(str(courant).upper())
        libelles = {}
        for appellation in self.resultats:
            libelles.setdefault(appellation.fiche_id, []).append(appellation.libelle_long)
        codes += [c for c in libelles if c not in codes]
        fiches = {f.code_rome: f for f in FicheRome.objects.filter(code_rome__in=codes)}
        choix = []
        for code in codes:
            fiche = fiches.get(code)
            if fiche is None:
                continue
            exemples = ", ".join(libelles.get(code, [])[:3])
            choix.append((code, f"{code} — {fiche.libelle}" + (f" (par exemple : {exemples})" if exemples else "")))
        return choix

    def sans_erreurs(self):
        """The form redrawn after « Rechercher »: the input as typed, no error yet (nothing was saved)."""
        self._errors = ErrorDict()
        return self

    def clean_competences(self):
        lignes = [ligne.strip(" -•\t") for ligne in self.cleaned_data["competences"].splitlines()]
        lignes = [ligne for ligne in lignes if ligne]
        if len(lignes) > COMPETENCES_MAX:
            raise ValidationError(f"{COMPETENCES_MAX} compétences au plus ({len(lignes)} saisies).")
        trop_longues = [ligne for ligne in lignes if len(ligne) > 150]
        if trop_longues:
            raise ValidationError(f"Une compétence tient en 150 caractères au plus : « {trop_longues[0][:40]}… ».")
        return list(dict.fromkeys(lignes))

    def clean_langues(self):
        langues = [x.strip() for x in self.cleaned_data["langues"].split(",") if x.strip()]
        if len(langues) > LANGUES_MAX:
            raise ValidationError(f"{LANGUES_MAX} langues au plus.")
        if any(len(x) > 60 for x in langues):
            raise ValidationError("Une langue et son niveau tiennent en 60 caractères au plus.")
        return list(dict.fromkeys(langues))

    def clean(self):
        donnees = super().clean()
        for champ, message in offres.erreurs_de_saisie(donnees).items():
            if champ in self.fields and champ not in self.errors:
                self.add_error(champ, message)
        return donnees

    def valeurs(self):
        """The offer's fields for ``offres.creer`` / ``offres.modifier``."""
        donnees = self.cleaned_data
        valeurs = {nom: donnees.get(nom) for nom in offres.CHAMPS}
        valeurs["commune"] = donnees["commune"].pk
        valeurs["fiche_rome"] = donnees["fiche_rome"]
        for nom in ("conditions_handicap",):
            valeurs[nom] = valeurs[nom] or ""
        return valeurs

    @staticmethod
    def initial_depuis(offre):
        initial = {nom: getattr(offre, nom) for nom in offres.CHAMPS if nom not in ("fiche_rome", "commune")}
        initial["fiche_rome"] = offre.fiche_rome_id
        initial["commune"] = offre.commune
        initial["competences"] = "\n".join(offre.competences)
        initial["langues"] = ", ".join(offre.langues)
        return initial


class MotifForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif : il est conservé et lu par l'employeur."},
    )

    def __init__(self, *args, libelle=None, aide=None, requis=True, **kwargs):
        super().__init__(*args, **kwargs)
        if libelle:
            self.fields["motif"].label = libelle
        if aide:
            self.fields["motif"].help_text = aide
        self.fields["motif"].required = requis
        # DsfrBaseForm builds the bound fields in its __init__: rebuild them with the new label.
        self._bound_fields_cache = {}


class ConseillerForm(DsfrBaseForm):
    conseiller = forms.TypedChoiceField(label="Conseiller recrutement", coerce=int)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        choix, vus = [], set()
        for m in memberships:
            if m.user_id in vus:
                continue
            vus.add(m.user_id)
            nom = m.user.get_full_name() or m.user.email
            choix.append((m.user_id, f"{nom} — {m.organisation.nom}"))
        self.fields["conseiller"].choices = _avec_vide(choix)


class FiltreOffresEmployeurForm(DsfrBaseForm):
    statut = forms.ChoiceField(label="Statut", required=False, choices=_avec_vide(StatutOffre.choices, "Tous"))


class FiltreOffresReseauForm(DsfrBaseForm):
    mots = forms.CharField(
        label="Mots",
        required=False,
        max_length=100,
        help_text="Dans l'intitulé, le métier ou l'entreprise, par exemple « vendeur boulangerie ».",
    )
    rome = forms.CharField(
        label="Métier (code ROME ou domaine)",
        required=False,
        max_length=5,
        help_text="Un code ROME (D1102) ou un domaine professionnel (D11).",
    )
    commune = CommuneField(
        label="Commune",
        required=False,
        codes=True,
        help_text="Son nom, par exemple « Arras », ou « Beaumont (63110) » avec le code postal.",
    )
    departement = forms.CharField(
        label="Département", required=False, max_length=3, help_text="Par exemple 59, 2A, 974."
    )

    def clean_mots(self):
        # Each word must be found; five words are enough to say what one looks for.
        return " ".join(self.cleaned_data["mots"].split()).split(" ")[:5] if self.cleaned_data["mots"].strip() else []

    def clean_rome(self):
        code = self.cleaned_data["rome"].strip().upper()
        if code and not re.match(r"^[A-N](\d{2}|\d{4})$", code):
            raise ValidationError(
                "Un code ROME (une lettre et quatre chiffres) ou un domaine (une lettre et deux chiffres)."
            )
        return code

    def clean_departement(self):
        code = self.cleaned_data["departement"].strip().upper()
        if code and not re.match(r"^(\d{2}|2[AB]|97\d)$", code):
            raise ValidationError("Un département s'écrit 59, 2A, 974…")
        return code


class TacheFaiteForm(DsfrBaseForm):
    compte_rendu = forms.CharField(
        label="Compte rendu",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Ce qui a été dit ou fait, en quelques mots (2 000 caractères au plus).",
        error_messages={"required": "Résumez l'échange en quelques mots : il reste dans le suivi."},
    )
