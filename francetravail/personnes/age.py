"""A person's age on a given day, in whole years (the law's thresholds: 26, 16…)."""


def age_le(date_naissance, jour):
    """Age reached on ``jour``: a birthday counts from its own day."""
    return jour.year - date_naissance.year - ((jour.month, jour.day) < (date_naissance.month, date_naissance.day))
