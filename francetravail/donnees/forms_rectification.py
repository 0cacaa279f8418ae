from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.donnees.enums import CategorieDonnees, StatutRectification
from francetravail.donnees.rectification import LONGUEUR_MAX, VIDE_MOTIF_PROLONGATION


class DemandeRectificationForm(DsfrBaseForm):
    categorie = forms.ChoiceField(
        label="Données concernées",
        choices=[("", "Choisissez dans la liste"), *CategorieDonnees.choices],
        error_messages={"required": "Choisissez les données concernées dans la liste."},
    )
    texte = forms.CharField(
        label="Ce qui est inexact, et la correction que vous demandez",
        help_text=(
            "Par exemple : « Mon nom d’usage est Martin, pas Martins. » "
            f"{LONGUEUR_MAX} caractères au plus. N’écrivez pas de données de santé inutiles à la correction."
        ),
        max_length=LONGUEUR_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Dites ce qui est inexact et la correction que vous demandez."},
    )


class ReponseRectificationForm(DsfrBaseForm):
    statut = forms.ChoiceField(
        label="Votre réponse",
        choices=[
            (StatutRectification.RECTIFIEE, "Les données ont été rectifiées"),
            (StatutRectification.REFUSEE, "La rectification est refusée (motivez le refus)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez : données rectifiées, ou rectification refusée."},
    )
    reponse = forms.CharField(
        label="Message à la personne",
        help_text=(
            "Ce qui a été corrigé, ou pourquoi la rectification est refusée. La personne le lit dans son espace. "
            f"{LONGUEUR_MAX} caractères au plus."
        ),
        max_length=LONGUEUR_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Écrivez le message à la personne."},
    )


class ProlongationRectificationForm(DsfrBaseForm):
    motif_prolongation = forms.CharField(
        label="Pourquoi la réponse demande plus de temps",
        help_text=(
            "Par exemple : la correction doit être vérifiée auprès de la CAF. La personne le lit dans son espace. "
            f"{LONGUEUR_MAX} caractères au plus."
        ),
        max_length=LONGUEUR_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": VIDE_MOTIF_PROLONGATION},
    )
