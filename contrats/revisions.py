"""What a revision changed in the engagements: a diff of two versions' frozen plans.

Actions are matched by their id (``plan[*].id`` in the snapshot): an action kept through
a revision keeps its id, so a changed description or number of hours shows as
« modifiée », not as one removed and one added. Snapshots frozen before the id was
recorded fall back to matching by (type, description, début).
"""

# The fields of a plan entry compared, in the order they are shown.
CHAMPS_COMPARES = ("type", "porteur", "description", "debut", "fin", "heures_hebdo", "statut", "lien")


def _cle(action):
    if action.get("id") is not None:
        return ("id", action["id"])
    return ("contenu", action.get("type"), action.get("description"), action.get("debut"))


def diff_engagements(avant, apres):
    """``[{"etat", "avant", "apres", "champs"}]`` from the plan of ``avant`` to that of ``apres``.

    ``etat`` is ``ajoutee``, ``retiree``, ``modifiee`` or ``inchangee``; ``champs`` names the
    fields that changed. The order is ``apres``'s plan, then the actions removed (in
    ``avant``'s order). ``avant`` may be None (a first version: everything is added).
    """
    plan_avant = list((avant.contenu.get("plan") if avant else None) or [])
    plan_apres = list(apres.contenu.get("plan") or [])
    anciennes = {_cle(a): a for a in plan_avant}
    vues = set()
    lignes = []
    for action in plan_apres:
        cle = _cle(action)
        ancienne = anciennes.get(cle)
        if ancienne is None:
            lignes.append({"etat": "ajoutee", "avant": None, "apres": action, "champs": []})
            continue
        vues.add(cle)
        champs = [c for c in CHAMPS_COMPARES if ancienne.get(c) != action.get(c)]
        etat = "modifiee" if champs else "inchangee"
        lignes.append({"etat": etat, "avant": ancienne, "apres": action, "champs": champs})
    for action in plan_avant:
        if _cle(action) not in vues:
            lignes.append({"etat": "retiree", "avant": action, "apres": None, "champs": []})
    return lignes
