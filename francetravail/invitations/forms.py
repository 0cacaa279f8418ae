from django import forms
from dsfr.forms import DsfrBaseForm

from francetravail.invitations.enums import CanalInvitation
from francetravail.rendezvous.enums import Motif
from francetravail.reseau.models import Organisation


class FormulationForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Texte",
        widget=forms.Textarea(attrs={"rows": 10, "data-apercu": "1"}),
        required=False,
        help_text="Les mentions légales sont ajoutées après ce texte : elles ne peuvent pas être retirées.",
    )


# The professional's choices when inviting (« invitations »): the motif, the organisation whose agendas
# receive the booking, the channels allowed (each person gets those their file makes possible).


class InvitationForm(DsfrBaseForm):
    motif = forms.ChoiceField(label="Motif du rendez-vous", choices=Motif.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation qui reçoit",
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text="La personne choisit un créneau dans les agendas de cette organisation.",
    )
    canaux = forms.MultipleChoiceField(
        label="Canaux d'envoi",
        choices=CanalInvitation.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=CanalInvitation.values,
        help_text="Chaque personne reçoit l'invitation par ceux de ces canaux que son dossier permet.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DemandeRappelForm(DsfrBaseForm):
    compte_rendu = forms.CharField(
        label="Ce qui a été convenu",
        max_length=250,
        help_text="Par exemple : rendez-vous fixé le 12 mars à 10 h, ou personne injoignable après deux appels.",
    )
