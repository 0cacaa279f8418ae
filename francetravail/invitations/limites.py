"""The last day of a first appointment (``rendezvous.regles``: 15 days from the notified orientation), for
many people at once: a bulk invitation of 10 000 must not ask once per person.

The orientation app owns the notification date and this core app does not import it: it registers, at
start-up, a function ``ids -> {personne_id: limite or None}`` (``orientation.premier_rdv.limites``). Without
it, the per-person rule (``regles.delai_applicable``) answers, one person at a time.
"""

from francetravail.rendezvous.regles import delai_applicable

_en_masse = None


def brancher(fonction):
    global _en_masse  # noqa: PLW0603 -- a start-up registration, like rendezvous.regles.brancher_reference
    _en_masse = fonction


def limites(personnes):
    """``{personne.pk: date or None}``: the day by which the first appointment is due, when it applies
    (oriented, and no first appointment booked or held since the notification)."""
    personnes = list(personnes)
    if not personnes:
        return {}
    if _en_masse is not None:
        trouvees = _en_masse([p.pk for p in personnes])
        return {p.pk: trouvees.get(p.pk) for p in personnes}
    resultat = {}
    for personne in personnes:
        delai = delai_applicable(personne)
        resultat[personne.pk] = delai.limite if delai is not None else None
    return resultat
