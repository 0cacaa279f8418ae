from django import forms

from francetravail.documents import depot
from francetravail.documents.enums import NatureDocument


class ChampDocument(forms.FileField):
    """A form field for an attached document: size, type read from the content and antivirus in
    ``clean``, so a refusal is shown in the form with its French message before anything is stored.
    The action then calls ``depot.deposer`` with the cleaned file."""

    def __init__(self, *, nature: NatureDocument, **kwargs):
        self.nature = nature
        kwargs.setdefault("help_text", "PDF, JPEG ou PNG.")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if fichier:
            depot.verifier(fichier, self.nature)
        return fichier
