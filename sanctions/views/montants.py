"""The amounts withheld and to pay back, shown on both sides once a decision has a monthly amount."""

from django.core.exceptions import ValidationError

from sanctions import montants as calcul


def montants(procedure):
    if not procedure.decidee_le or procedure.montant_mensuel is None:
        return None
    try:
        return calcul.montants_de(procedure)
    except ValidationError:
        return None  # no parameter in force for the facts' date: the amounts are not shown rather than guessed
