"""How the organisation's rule spreads people over its conseillers: pure functions, no database.

Each criterion of ``enums.CritereAttribution`` is a strategy ``(personnes, charges, parametres) -> {personne
id: conseiller id}``: ``personnes`` are dicts with at least ``pk`` and ``commune_id``, ``charges`` is
{conseiller id: people already in their portfolio}. A person the strategy cannot place is left out (stays in
the queue). A future « par modalité » criterion is one more strategy reading a ``modalite`` key and a
modality → conseiller mapping given in ``parametres``.
"""

import heapq

from francetravail.referents.enums import CritereAttribution


def repartir_moins_charges(personnes, charges):
    """Each person, in order, to the conseiller with the fewest people at that moment (ties: lowest id),
    so a batch evens out the loads rather than filling the least loaded one."""
    if not charges:
        return {}
    tas = [(charge, conseiller) for conseiller, charge in charges.items()]
    heapq.heapify(tas)
    resultat = {}
    for personne in personnes:
        charge, conseiller = heapq.heappop(tas)
        resultat[personne["pk"]] = conseiller
        heapq.heappush(tas, (charge + 1, conseiller))
    return resultat


def _moins_charge(personnes, charges, parametres):
    return repartir_moins_charges(personnes, charges)


def _par_commune(personnes, charges, parametres):
    communes = parametres.get("communes", {})
    resultat, sans_commune = {}, []
    for personne in personnes:
        conseiller = communes.get(personne["commune_id"])
        if conseiller is not None and conseiller in charges:
            resultat[personne["pk"]] = conseiller
        else:
            sans_commune.append(personne)
    if parametres.get("repli_moins_charge") and sans_commune:
        charges = dict(charges)
        for conseiller in resultat.values():
            charges[conseiller] += 1
        resultat.update(repartir_moins_charges(sans_commune, charges))
    return resultat


STRATEGIES = {
    CritereAttribution.MOINS_CHARGE: _moins_charge,
    CritereAttribution.PAR_COMMUNE: _par_commune,
}


def repartir(critere, personnes, charges, parametres=None):
    return STRATEGIES[CritereAttribution(critere)](personnes, charges, parametres or {})
