"""The forms of the archive's pages (francetravail/donnees/archives.py)."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from francetravail.donnees import archives


class RechercheArchiveForm(DsfrBaseForm):
    # Both required: the archive is searched for one file, never browsed.
    nom = forms.CharField(label="Nom de naissance ou d'usage", min_length=2, max_length=150)
    date_naissance = forms.DateField(
        label="Date de naissance", widget=forms.DateInput(attrs={"type": "date"}), help_text="Obligatoire."
    )


class MotifConsultationForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif de la consultation",
        max_length=archives.MOTIF_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Par exemple : réponse à une demande d'accès de la personne, à une réquisition judiciaire, à un "
            f"contentieux en cours. Au moins {archives.MOTIF_MIN} caractères. Le motif est enregistré dans "
            "l'historique du dossier ; la consultation figure dans le journal des accès que la personne peut lire."
        ),
    )

    def clean_motif(self):
        try:
            return archives.verifier_motif(self.cleaned_data["motif"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["motif"]) from None
