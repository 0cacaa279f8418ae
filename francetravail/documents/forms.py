from django import forms
from django.core.exceptions import ValidationError

from francetravail.base.televersement import refus_televersement
from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument


class ChampDocument(forms.FileField):
    """A form field for an attached document: size, type read from the content and antivirus in
    ``clean``, so a refusal is shown in the form with its French message before anything is stored.
    The action then calls ``depot.deposer`` with the cleaned file.

    A file dropped while it arrived (over ``DOCUMENTS_TAILLE_MAX``, ``televersement.televersement_document``)
    never reaches the field: ``signaler_refus(form, request)`` gives the field its French refusal, shown
    instead of « Ce champ est obligatoire » (or of nothing, for an optional document)."""

    refus = None

    def __init__(self, *, nature: NatureDocument, **kwargs):
        self.nature = nature
        kwargs.setdefault("help_text", "PDF, JPEG ou PNG.")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        if self.refus:
            raise ValidationError(self.refus, code="taille")
        fichier = super().clean(data, initial)
        if fichier:
            depot.verifier(fichier, self.nature)
        return fichier


def signaler_refus(form, request):
    """Gives each ``ChampDocument`` of ``form`` the refusal of its file dropped for its size, if any."""
    for nom, champ in form.fields.items():
        if isinstance(champ, ChampDocument):
            champ.refus = refus_televersement(request, form.add_prefix(nom))
    return form
