"""The procedure's letters, as listed on both sides (empty until letters are generated for it)."""


def documents(procedure, *, pour_la_personne=False):
    return []
