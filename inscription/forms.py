"""The registration steps' forms. Each step saves on its own (leave and come back later).

Every form is built from what is already known (``initial_depuis``) so that the
person only confirms it, and writes back with ``enregistrer``.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.urls import reverse_lazy
from django.utils import timezone
from dsfr.forms import DsfrBaseForm
from stdnum.fr import nir as stdnum_nir

from francetravail.base.calendrier import age_le
from francetravail.base.formulaires import reporter
from francetravail.base.televersement import taille_lisible
from francetravail.personnes.regles import normaliser_telephone
from francetravail.reseau.communes import commune_par_code_postal, resoudre_commune
from inscription.enums import (
    IntensiteFrein,
    MotifFinAccompagnement,
    Nationalite,
    Prestation,
    SituationProfessionnelle,
    TypeFlux,
    TypeFrein,
)
from inscription.flux import tableur
from inscription.models import CorrespondanceColonnes, DossierInscription, FreinIdentifie
from inscription.regles import MESSAGE_PREMIER_CHIFFRE, erreur_age_minimum, premier_chiffre_valide

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _oui_non(label, required=False):
    return forms.TypedChoiceField(
        label=label,
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def _en_oui_non(valeur):
    return None if valeur is None else ("oui" if valeur else "non")


def verifier_nir(valeur, date_naissance=None):
    """The NIR compacted, or a ValidationError in French (key, and birth year/month when known)."""
    nir = stdnum_nir.compact(valeur or "")
    if not stdnum_nir.is_valid(nir):
        raise forms.ValidationError(
            "Ce numéro de sécurité sociale n'est pas valide : vérifiez les 15 chiffres, clé comprise."
        )
    if not premier_chiffre_valide(nir):  # stdnum checks the key, not the first digit (inscription/regles.py)
        raise forms.ValidationError(f"Ce numéro de sécurité sociale n'est pas valide : {MESSAGE_PREMIER_CHIFFRE}.")
    if date_naissance is not None:
        mois = int(nir[3:5])
        if nir[1:3] != f"{date_naissance.year % 100:02d}" or (mois <= 12 and mois != date_naissance.month):
            raise forms.ValidationError(
                "Ce numéro de sécurité sociale ne correspond pas à la date de naissance indiquée."
            )
    return nir


class IdentiteForm(DsfrBaseForm):
    nom_naissance = forms.CharField(label="Nom de naissance", max_length=150)
    nom_usage = forms.CharField(label="Nom d'usage", max_length=150, required=False)
    prenoms = forms.CharField(
        label="Prénoms", max_length=200, help_text="Tous vos prénoms, dans l'ordre de l'état civil."
    )
    date_naissance = forms.DateField(label="Date de naissance", widget=_DATE)
    nir = forms.CharField(
        label="Numéro de sécurité sociale",
        max_length=21,
        help_text="15 chiffres, clé comprise (sur votre carte Vitale). Il sert uniquement à retrouver votre dossier.",
    )
    nationalite = forms.ChoiceField(label="Nationalité", choices=Nationalite.choices, widget=forms.RadioSelect)
    titre_sejour_fin = forms.DateField(
        label="Fin de validité de votre titre de séjour",
        required=False,
        widget=_DATE,
        help_text="Obligatoire si vous n'êtes pas ressortissant de l'Union européenne, de l'EEE ou de la Suisse.",
    )
    pays_naissance = forms.CharField(label="Pays de naissance", max_length=100, initial="France")
    commune_naissance = forms.CharField(
        label="Commune de naissance (si vous êtes né(e) en France)",
        max_length=150,
        required=False,
        help_text="Tapez le début de son nom et choisissez-la ; si plusieurs communes portent ce nom, "
        "ajoutez le code postal ou le département entre parenthèses : « Beaumont (63110) ».",
        widget=forms.TextInput(attrs={"data-autocompletion-url": reverse_lazy("communes:recherche")}),
    )

    # The NIR already on file is never sent back to the browser in full.
    def __init__(self, *args, nir_connu=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.nir_connu = nir_connu
        if nir_connu:
            self.fields["nir"].required = False
            self.fields["nir"].help_text = "Déjà enregistré. Ne le saisissez que pour le corriger."

    def clean_date_naissance(self):
        date = self.cleaned_data["date_naissance"]
        aujourd_hui = timezone.localdate()
        if date > aujourd_hui:
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        if age_le(date, aujourd_hui) > 120:
            raise forms.ValidationError("Vérifiez l'année de naissance.")
        # The action checks it again (inscription.regles): here, to show the refusal at the field.
        erreur = erreur_age_minimum(date, aujourd_hui)
        if erreur:
            raise forms.ValidationError(erreur)
        return date

    def clean(self):
        donnees = super().clean()
        if donnees.get("nir"):
            try:
                donnees["nir"] = verifier_nir(donnees["nir"], donnees.get("date_naissance"))
            except forms.ValidationError as exc:
                self.add_error("nir", exc)
        elif not self.nir_connu:
            self.add_error("nir", "Ce champ est obligatoire.")
        if donnees.get("nationalite") == Nationalite.HORS_UE:
            fin = donnees.get("titre_sejour_fin")
            if fin is None:
                self.add_error("titre_sejour_fin", "Indiquez la fin de validité de votre titre de séjour.")
            elif fin < timezone.localdate():
                self.add_error(
                    "titre_sejour_fin", "Votre titre de séjour n'est plus valide : indiquez celui en cours."
                )
        donnees["commune_naissance_obj"] = None
        texte = (donnees.get("commune_naissance") or "").strip()
        if texte and (donnees.get("pays_naissance") or "").strip().lower() == "france":
            try:
                donnees["commune_naissance_obj"] = resoudre_commune(texte)
            except forms.ValidationError as exc:
                self.add_error("commune_naissance", exc)
        return donnees

    @staticmethod
    def initial_depuis(personne, dossier, *, connue=None):
        """``connue``: what the account knows (``queries.identite_connue_du_compte``), before any file exists."""
        if personne is None:
            connue = {cle: valeur for cle, valeur in (connue or {}).items() if valeur}
            return {"pays_naissance": "France", **connue}
        return {
            "nom_naissance": personne.nom_naissance,
            "nom_usage": personne.nom_usage,
            "prenoms": personne.prenoms,
            "date_naissance": personne.date_naissance,
            "nationalite": dossier.nationalite if dossier else "",
            "titre_sejour_fin": dossier.titre_sejour_fin if dossier else None,
            "pays_naissance": (dossier.pays_naissance if dossier else "") or "France",
            "commune_naissance": (
                f"{dossier.commune_naissance.nom} ({dossier.commune_naissance.departement_id})"
                if dossier and dossier.commune_naissance_id
                else ""
            ),
        }


class CoordonneesForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Les avis et décisions vous sont envoyés à cette adresse ; vide : celle de votre compte.",
        error_messages={"invalid": "Indiquez une adresse électronique valide, par exemple nom@exemple.fr."},
    )
    telephone = forms.CharField(
        label="Téléphone", max_length=20, required=False, help_text="Pour recevoir les rappels de rendez-vous par SMS."
    )
    adresse = forms.CharField(label="Adresse (numéro et voie)", max_length=250)
    code_postal = forms.CharField(label="Code postal", max_length=5, min_length=5)
    commune = forms.CharField(label="Commune", max_length=150)

    def clean_telephone(self):
        try:
            return normaliser_telephone(self.cleaned_data["telephone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        donnees = super().clean()
        code_postal, nom = donnees.get("code_postal", ""), (donnees.get("commune") or "").strip()
        if not code_postal or not nom:
            return donnees
        try:
            donnees["commune_obj"] = commune_par_code_postal(code_postal, nom)
        except ValidationError as exc:
            reporter(self, exc)
        return donnees

    @staticmethod
    def initial_depuis(personne, dossier):
        if personne is None:
            return {}
        commune = personne.commune
        return {
            "email": personne.email,
            "telephone": personne.telephone,
            "adresse": personne.adresse,
            "code_postal": personne.code_postal
            or (commune.codes_postaux[0] if commune and commune.codes_postaux else ""),
            "commune": commune.nom if commune else "",
        }


class SituationForm(DsfrBaseForm):
    situation_familiale = forms.ChoiceField(
        label="Situation familiale",
        choices=DossierInscription._meta.get_field("situation_familiale").choices,
        widget=forms.RadioSelect,
    )
    nb_enfants_charge = forms.IntegerField(label="Nombre d'enfants à charge", min_value=0, max_value=19, initial=0)
    enfant_moins_12_ans = _oui_non("Avez-vous un enfant de moins de 12 ans ?")
    logement = forms.ChoiceField(
        label="Logement", choices=DossierInscription._meta.get_field("logement").choices, widget=forms.RadioSelect
    )
    situation_professionnelle = forms.ChoiceField(
        label="Situation professionnelle actuelle", choices=SituationProfessionnelle.choices, widget=forms.RadioSelect
    )
    heures_travaillees_mois = forms.IntegerField(
        label="Heures travaillées par mois",
        min_value=1,
        max_value=300,
        required=False,
        help_text="Si vous travaillez à temps partiel ou par missions.",
    )
    activite_deux_ans = _oui_non("Avez-vous travaillé au cours des deux dernières années ?", required=True)
    prestations = forms.MultipleChoiceField(
        label="Allocations perçues", choices=Prestation.choices, widget=forms.CheckboxSelectMultiple
    )
    permis_b = _oui_non("Avez-vous le permis B ?")
    niveau_francais = forms.ChoiceField(
        label="Niveau de français",
        choices=DossierInscription._meta.get_field("niveau_francais").choices,
        widget=forms.RadioSelect,
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("situation_professionnelle") == SituationProfessionnelle.ACTIVITE_REDUITE and not donnees.get(
            "heures_travaillees_mois"
        ):
            self.add_error("heures_travaillees_mois", "Indiquez combien d'heures vous travaillez par mois.")
        prestations = donnees.get("prestations") or []
        if Prestation.AUCUNE in prestations and len(prestations) > 1:
            self.add_error("prestations", "« Aucune » ne peut pas être cochée avec une allocation.")
        return donnees

    @staticmethod
    def initial_depuis(personne, dossier):
        if dossier is None:
            return {}
        initial = {
            nom: getattr(dossier, nom)
            for nom in (
                "situation_familiale",
                "nb_enfants_charge",
                "logement",
                "situation_professionnelle",
                "heures_travaillees_mois",
                "prestations",
                "niveau_francais",
            )
        }
        if initial["nb_enfants_charge"] is None:
            initial["nb_enfants_charge"] = 0  # the field's own default, not "unknown"
        initial.update(
            enfant_moins_12_ans=_en_oui_non(dossier.enfant_moins_12_ans),
            activite_deux_ans=_en_oui_non(dossier.activite_deux_ans),
            permis_b=_en_oui_non(dossier.permis_b),
        )
        if (
            dossier.pk
            and dossier.personne.droits_rsa.exists()
            and Prestation.RSA not in (initial["prestations"] or [])
        ):
            initial["prestations"] = [*(initial["prestations"] or []), Prestation.RSA]
        return initial


class ProjetForm(DsfrBaseForm):
    niveau_qualification = forms.ChoiceField(
        label="Niveau de diplôme le plus élevé",
        choices=DossierInscription._meta.get_field("niveau_qualification").choices,
        widget=forms.RadioSelect,
    )
    diplome = forms.CharField(label="Intitulé du diplôme", max_length=200, required=False)
    experiences = forms.CharField(
        label="Vos expériences",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Emplois, stages, bénévolat… avec les dates si vous les connaissez.",
    )
    disponibilite = forms.ChoiceField(
        label="Quand pouvez-vous commencer ?",
        choices=DossierInscription._meta.get_field("disponibilite").choices,
        widget=forms.RadioSelect,
    )
    se_projette = forms.ChoiceField(
        label="Vous voyez-vous reprendre un emploi dans les prochains mois ?",
        choices=DossierInscription._meta.get_field("se_projette").choices,
        widget=forms.RadioSelect,
    )
    projet = forms.CharField(
        label="Votre projet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le métier ou le domaine qui vous intéresse, si vous le savez.",
    )

    @staticmethod
    def initial_depuis(personne, dossier):
        if dossier is None:
            return {}
        return {
            n: getattr(dossier, n)
            for n in ("niveau_qualification", "diplome", "experiences", "disponibilite", "se_projette", "projet")
        }


class AccompagnementForm(DsfrBaseForm):
    """The pré-diagnostic's own questions: how ready the project is, what help, which structure."""

    maturite_projet = forms.ChoiceField(
        label="Où en est votre projet professionnel ?",
        choices=DossierInscription._meta.get_field("maturite_projet").choices,
        widget=forms.RadioSelect,
    )
    accompagnement_souhaite = forms.ChoiceField(
        label="Quel accompagnement souhaitez-vous ?",
        choices=DossierInscription._meta.get_field("accompagnement_souhaite").choices,
        widget=forms.RadioSelect,
    )
    preference_structure = forms.ChoiceField(
        label="Par qui souhaitez-vous être accompagné(e) ?",
        choices=DossierInscription._meta.get_field("preference_structure").choices,
        widget=forms.RadioSelect,
        help_text="Votre choix est enregistré et pris en compte ; la décision d'orientation vous sera expliquée.",
    )

    def __init__(self, *args, guichet=False, **kwargs):
        super().__init__(*args, **kwargs)
        if guichet:
            self.fields["urgence"] = forms.BooleanField(
                label="Situation d'urgence (logement, santé, ressources…) : un entretien est organisé sans attendre",
                required=False,
            )

    @staticmethod
    def initial_depuis(personne, dossier):
        if dossier is None:
            return {}
        champs = ("maturite_projet", "accompagnement_souhaite", "preference_structure", "urgence")
        return {n: getattr(dossier, n) for n in champs}


class FreinsForm(DsfrBaseForm):
    """One question per barrier: does it keep you from working, bother you, or not at all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for type_frein in TypeFrein:
            self.fields[type_frein.value] = forms.ChoiceField(
                label=type_frein.label,
                choices=IntensiteFrein.choices,
                initial=IntensiteFrein.SANS_IMPACT,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def initial_depuis(personne, dossier):
        if dossier is None or not dossier.pk:
            return {}
        return {f.type_frein: f.intensite for f in FreinIdentifie.objects.filter(dossier=dossier)}


class FinAccompagnementForm(DsfrBaseForm):
    """The référent ends an accompaniment: the reason from the list, the date (today or earlier, checked by
    the action), and a precision (required for « autre », also checked by the action)."""

    motif = forms.ChoiceField(
        label="Motif de la fin de l'accompagnement",
        choices=[("", "Choisissez un motif"), *MotifFinAccompagnement.choices],
    )
    precision = forms.CharField(
        label="Précision",
        help_text="Obligatoire pour le motif « Autre ». Visible par la personne dans son espace.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    le = forms.DateField(
        label="Date de fin de l'accompagnement",
        help_text="Aujourd'hui ou un jour passé.",
        widget=_DATE,
        initial=timezone.localdate,
    )


class ReouvertureAccompagnementForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif de la réouverture",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- A département's CAF/MSA flows (back-office, issue 18) -----------------------------------------


class TeleversementFluxForm(DsfrBaseForm):
    """A CNAF XML flow (its format is read from the file), or a CSV/XLSX export with its mapping."""

    fichier = forms.FileField(label="Fichier du flux")
    correspondance = forms.ModelChoiceField(
        label="Correspondance de colonnes (fichiers CSV ou XLSX)",
        queryset=CorrespondanceColonnes.objects.none(),
        required=False,
        empty_label="— Choisir pour un fichier CSV ou XLSX —",
        help_text="Inutile pour un flux XML de la CNAF : sa structure est connue.",
    )

    def __init__(self, *args, departement, refus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refus = refus
        self.fields["fichier"].required = not refus
        self.fields["fichier"].help_text = (
            "Flux XML « bénéficiaires RSA » de la CNAF ou de la MSA, ou export CSV (UTF-8 ou Windows-1252, "
            f"séparateur « ; » ou « , ») ou XLSX de votre logiciel ; {taille_lisible(settings.FLUX_CAF_TAILLE_MAX)} "
            "au plus."
        )
        self.fields["correspondance"].queryset = correspondances_proposees(departement)

    def clean_fichier(self):
        if self.refus:
            raise ValidationError(self.refus)
        fichier = self.cleaned_data["fichier"]
        if not fichier.name.lower().endswith((".xml", ".csv", ".xlsx", ".txt")):
            raise ValidationError("Le fichier doit être un flux XML, un CSV ou un classeur XLSX.")
        return fichier


def correspondances_proposees(departement):
    """The département's mappings, then the national ones (read-only, copied to be changed)."""
    code = getattr(departement, "code", departement)
    return CorrespondanceColonnes.objects.filter(Q(departement_id=code) | Q(departement=None)).order_by(
        F("departement_id").asc(nulls_last=True), "nom"
    )


def _entetes(texte):
    return [e.strip() for e in texte.split(";") if e.strip()]


def _codes(texte, champ):
    """« code = valeur » lines (an empty code: the empty cell) as a dict; ValidationError in French."""
    table = {}
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        if not ligne.strip():
            continue
        if "=" not in ligne:
            raise ValidationError(f"Ligne {numero} : écrivez « code = valeur ».")
        code, valeur = (p.strip() for p in ligne.split("=", 1))
        if champ in tableur.CIBLES and valeur not in tableur.CIBLES[champ]:
            permises = ", ".join(f"« {v} »" for v in tableur.CIBLES[champ] if v)
            raise ValidationError(f"Ligne {numero} : « {valeur} » n'est pas une valeur permise ({permises}).")
        table[code] = valeur
    return table


# The fields whose codes a mapping may translate (the others are read as they are).
CHAMPS_A_CODES = (
    "organisme",
    "role",
    "sexe",
    "etat",
    "motif_suspension",
    "motif_cloture",
    "soumis_droits_devoirs",
    "majoration_isolement",
)


class CorrespondanceForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom de la correspondance", max_length=120)
    feuille = forms.CharField(
        label="Feuille à lire (XLSX)", max_length=100, required=False, help_text="Vide : la première feuille."
    )
    type_flux = forms.ChoiceField(
        label="Type de fichier",
        choices=TypeFlux.choices,
        help_text="Un stock mensuel peut clore les droits qu'il ne cite plus, selon le réglage du département.",
    )

    def __init__(self, *args, correspondance=None, lecture_seule=False, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if correspondance is not None:
            initial |= {
                "nom": correspondance.nom,
                "feuille": correspondance.feuille,
                "type_flux": correspondance.type_flux,
            }
            for champ, entetes in (correspondance.colonnes or {}).items():
                initial[f"colonnes_{champ}"] = " ; ".join(entetes)
            for champ, table in (correspondance.valeurs or {}).items():
                initial[f"valeurs_{champ}"] = "\n".join(f"{code} = {valeur}" for code, valeur in table.items())
        super().__init__(*args, initial=initial, **kwargs)
        for champ in tableur.CHAMPS.values():
            alias = " ; ".join(champ.alias)
            self.fields[f"colonnes_{champ.nom}"] = forms.CharField(
                label=f"{champ.libelle}{' (obligatoire)' if champ.obligatoire else ''}",
                required=False,
                max_length=1000,
                help_text=f"En-têtes de colonne séparés par « ; ». Vide : {alias or 'aucun en-tête connu'}.",
            )
        for nom in CHAMPS_A_CODES:
            permises = ", ".join(f"« {v} »" for v in tableur.CIBLES.get(nom, ()) if v)
            self.fields[f"valeurs_{nom}"] = forms.CharField(
                label=f"Codes : {tableur.CHAMPS[nom].libelle.lower()}",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Une ligne par code, « code du fichier = valeur » ; « = valeur » pour une cellule vide."
                + (f" Valeurs permises : {permises}." if permises else ""),
            )
        if lecture_seule:
            for field in self.fields.values():
                field.disabled = True

    def champs_colonnes(self):
        return [self[f"colonnes_{c}"] for c in tableur.CHAMPS]

    def champs_valeurs(self):
        return [self[f"valeurs_{c}"] for c in CHAMPS_A_CODES]

    def clean(self):
        donnees = super().clean()
        colonnes, valeurs = {}, {}
        for champ in tableur.CHAMPS:
            entetes = _entetes(donnees.get(f"colonnes_{champ}") or "")
            if entetes:
                colonnes[champ] = entetes
        for champ in CHAMPS_A_CODES:
            try:
                table = _codes(donnees.get(f"valeurs_{champ}") or "", champ)
            except ValidationError as exc:
                self.add_error(f"valeurs_{champ}", exc)
                continue
            if table:
                valeurs[champ] = table
        donnees["colonnes"], donnees["valeurs"] = colonnes, valeurs
        return donnees

    def changements(self):
        d = self.cleaned_data
        return {k: d[k] for k in ("nom", "feuille", "type_flux", "colonnes", "valeurs")}


class AssociationColonnesForm(DsfrBaseForm):
    """The preview's columns not recognised: the field each one carries (or none)."""

    def __init__(self, *args, colonnes, **kwargs):
        super().__init__(*args, **kwargs)
        choix = [("", "— Ne pas lire —"), *((c.nom, c.libelle) for c in tableur.CHAMPS.values())]
        self.entetes = {}
        for colonne in colonnes:
            nom = f"colonne_{colonne.rang}"
            self.entetes[nom] = colonne.entete
            self.fields[nom] = forms.ChoiceField(
                label=f"Colonne {colonne.rang} « {colonne.entete} »", choices=choix, required=False
            )

    def associations(self):
        return {self.entetes[nom]: champ for nom, champ in self.cleaned_data.items() if champ}
