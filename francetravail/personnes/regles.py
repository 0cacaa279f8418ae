"""Pure rules about a person's core record, shared by the pages, the API and the actions."""

import re

_TELEPHONE = re.compile(r"^(?:\+33|0)[1-9][0-9]{8}$")
TELEPHONE_INVALIDE = "Indiquez un numéro français à 10 chiffres, par exemple 06 12 34 56 78."


def normaliser_telephone(texte):
    """A French number without separators (``06 12-34.56 78`` → ``0612345678``); "" stays "".

    Raises ValueError (message in French) for anything else: the SMS reminders are sent to it.
    """
    telephone = re.sub(r"[ .\-]", "", texte or "")
    if telephone and not _TELEPHONE.match(telephone):
        raise ValueError(TELEPHONE_INVALIDE)
    return telephone
