from django import forms

from francetravail.comptes.enums import TYPES_INSCRIPTION_PUBLIQUE


class SignupExtraForm(forms.Form):
    """Extra fields of the public sign-up: only people and employers can sign up."""

    type_compte = forms.ChoiceField(
        label="Vous êtes",
        choices=[(t.value, t.label) for t in TYPES_INSCRIPTION_PUBLIQUE],
        widget=forms.RadioSelect,
        initial=TYPES_INSCRIPTION_PUBLIQUE[0].value,
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)

    def signup(self, request, user):
        # The adapter already copied the fields; nothing else to store here.
        pass
