"""The person's job-search profile form (``emploi:profil``).

Target jobs are chosen the way the diagnostic's project section chooses them
(``diagnostic.forms.ProjetForm``): a search box (``rechercher_appellations``: job titles, typos
tolerated, or a ROME code) whose results become boxes to tick, with no JavaScript needed. What is
stored is the ROME code of the appellation (matching compares ROME codes and their domaine).
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from entreprises.enums import TempsTravail, TypeContrat
from francetravail.reseau.communes import libelle_commune
from francetravail.reseau.forms import CommuneField
from francetravail.rome.models import FicheRome
from francetravail.rome.recherche import rechercher_appellations

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A start date further than this is a typing error far more often than a plan.
DISPONIBILITE_MAX_JOURS = 2 * 366
SALAIRE_MAX = Decimal(100_000)
METIERS_MAX = 10


class ProfilForm(DsfrBaseForm):
    metiers = forms.MultipleChoiceField(
        label="Métiers recherchés",
        help_text="Cochez les métiers que vous recherchez ; décochez-en un pour le retirer.",
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
    commune = CommuneField(
        label="Commune où vous cherchez un emploi",
        help_text="Laissez vide pour votre commune de résidence. Si plusieurs communes portent ce nom, "
        "ajoutez le code postal entre parenthèses : « Beaumont (63110) ».",
        required=False,
    )
    disponible_le = forms.DateField(
        label="Disponible à partir du",
        help_text="Laissez vide si vous êtes disponible dès maintenant.",
        required=False,
        widget=_DATE,
        error_messages={"invalid": "Indiquez une date valide, par exemple 15/09/2026."},
    )
    types_contrat = forms.MultipleChoiceField(
        label="Contrats recherchés",
        help_text="Aucune case cochée : tous les contrats vous intéressent.",
        choices=TypeContrat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    temps_travail = forms.ChoiceField(
        label="Temps de travail",
        choices=[("", "Temps plein ou partiel"), *TempsTravail.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    salaire_attendu = forms.DecimalField(
        label="Salaire attendu (euros bruts par mois)",
        help_text="Facultatif. Les offres qui proposent au moins ce salaire passent en premier.",
        required=False,
        min_value=0,
        max_value=SALAIRE_MAX,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "Indiquez un montant en euros, par exemple 1850.",
            "min_value": "Le salaire attendu ne peut pas être négatif.",
            "max_value": "Indiquez un salaire mensuel de 100 000 euros au plus.",
            "max_decimal_places": "Indiquez au plus deux chiffres après la virgule.",
        },
    )
    masquer = forms.BooleanField(
        label="Ne pas me proposer aux employeurs",
        help_text="Cochée, votre profil n'apparaît plus dans les candidats proposés aux conseillers en recrutement. "
        "Vous voyez toujours les offres et pouvez toujours y répondre.",
        required=False,
    )

    def __init__(self, *args, codes_connus=(), recherche=None, **kwargs):
        """``codes_connus``: the ROME codes already in the profile; ``recherche``: the text typed in
        the search box, whose results are offered as extra boxes."""
        super().__init__(*args, **kwargs)
        codes = list(dict.fromkeys(codes_connus))
        if self.is_bound:
            codes += [c for c in self.data.getlist(self.add_prefix("metiers"))[:50] if c not in codes]
        libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle"))
        connus = {code: libelles[code] for code in codes if code in libelles}
        self.resultats = []
        if recherche:
            for appellation in rechercher_appellations(recherche, limite=15):
                code = appellation.fiche_id
                if code not in {r["code"] for r in self.resultats}:
                    self.resultats.append({"code": code, "libelle": appellation.fiche.libelle})
                connus.setdefault(code, appellation.fiche.libelle)
        self.fields["metiers"].choices = [(code, f"{libelle} ({code})") for code, libelle in connus.items()]

    def clean_metiers(self):
        metiers = self.cleaned_data["metiers"]
        if len(metiers) > METIERS_MAX:
            raise forms.ValidationError(f"Choisissez {METIERS_MAX} métiers au plus.")
        return metiers

    def clean_disponible_le(self):
        date = self.cleaned_data["disponible_le"]
        if date and date > timezone.localdate() + datetime.timedelta(days=DISPONIBILITE_MAX_JOURS):
            raise forms.ValidationError("Indiquez une date dans les deux ans qui viennent.")
        return date

    @staticmethod
    def initial_depuis(profil):
        return {
            "metiers": list(profil.codes_rome),
            "commune": libelle_commune(profil.commune) if profil.commune_id else "",
            "disponible_le": profil.disponible_le,
            "types_contrat": list(profil.types_contrat),
            "temps_travail": profil.temps_travail,
            # 1800, not 1800.00: the amount as the person typed it.
            "salaire_attendu": (
                profil.salaire_attendu.quantize(Decimal(1))
                if profil.salaire_attendu is not None
                and profil.salaire_attendu == profil.salaire_attendu.to_integral()
                else profil.salaire_attendu
            ),
            "masquer": not profil.visible,
        }
