from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.personnes import portefeuille
from francetravail.personnes.enums import RoleImplication


class RechercheNationaleForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom", min_length=2, max_length=150)
    prenom = forms.CharField(label="Prénom", required=False, max_length=150)
    date_naissance = forms.DateField(
        label="Date de naissance",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Facultative ; précise la recherche.",
    )


class FiltrePortefeuilleForm(DsfrBaseForm):
    q = forms.CharField(label="Nom ou prénom", required=False, max_length=150)
    en_retard = forms.BooleanField(label="Seulement les dossiers en retard sur une échéance", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The filters and sorts the apps registered (francetravail/personnes/portefeuille.py).
        for filtre in portefeuille.filtres():
            self.fields[filtre.cle] = forms.ChoiceField(
                label=filtre.libelle, required=False, choices=[("", "Toutes"), *filtre.choix()]
            )
        self.fields["etape"] = forms.ChoiceField(
            label="Étape",
            required=False,
            choices=[("", "Toutes"), *((e.cle, e.libelle) for e in portefeuille.etapes())],
        )
        self.fields["tri"] = forms.ChoiceField(
            label="Trier par", required=False, choices=[(t.cle, t.libelle) for t in portefeuille.tris()]
        )

    def filtrer(self, qs):
        """``qs`` (annotated by the portfolio's columns) filtered and sorted as asked."""
        donnees = self.cleaned_data
        if donnees["en_retard"]:
            qs = qs.filter(portefeuille.en_retard_q())
        for filtre in portefeuille.filtres():
            if donnees.get(filtre.cle):
                qs = qs.filter(filtre.q(donnees[filtre.cle]))
        if donnees.get("etape"):
            qs = qs.filter(portefeuille.etape(donnees["etape"]).q())
        return qs.order_by(*portefeuille.ordre_de_tri(donnees.get("tri")))


class ColonnesForm(DsfrBaseForm):
    colonnes = forms.MultipleChoiceField(
        label="Colonnes affichées", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colonnes"].choices = [(c.cle, c.titre) for c in portefeuille.colonnes()]


class RechercheOrganisationForm(DsfrBaseForm):
    """The organisation to invite, found by its name (the département's organisations only)."""

    q = forms.CharField(label="Nom de l'organisation", min_length=2, max_length=200)


class InvitationForm(DsfrBaseForm):
    """The invitation's terms once the organisation is chosen; the action checks them
    (``francetravail.personnes.actions.inviter``)."""

    organisation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    professionnel = forms.ModelChoiceField(
        label="Professionnel invité",
        queryset=None,
        required=False,
        empty_label="Toute l'organisation",
        help_text="Facultatif : sans nom, chaque professionnel qui accompagne dans l'organisation peut répondre.",
    )
    role = forms.ChoiceField(label="Rôle", choices=RoleImplication.choices, widget=forms.RadioSelect)
    motif = forms.CharField(label="Motif de l'invitation", max_length=250, widget=forms.Textarea(attrs={"rows": 3}))
    fin_prevue = forms.DateField(
        label="Jusqu'au (inclus)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Facultatif : sans date, l'implication dure jusqu'à ce qu'un côté y mette fin.",
    )

    def __init__(self, *args, organisations, professionnels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["professionnel"].queryset = professionnels
        self.fields["professionnel"].label_from_instance = lambda u: u.get_full_name() or u.email


class MotifForm(DsfrBaseForm):
    """Why an invitation is refused or an implication ended (kept in its history)."""

    motif = forms.CharField(label="Motif", max_length=250)
