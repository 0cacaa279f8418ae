"""The French labels of the CNAF flow's right states and reasons (caf-msa-flux.md §3).

Read by the person page, the notifications of a closure and the history. A code we do not know is
shown as the flow sent it (« motif XYZ »): the flow may carry codes newer than this table. The
VRSD0301 closure codes are our reading of WebRSA's mapping to the VRSB0801 ones [inferred].
"""

from inscription.enums import EtatDroitRSA

ETATS = dict(EtatDroitRSA.choices)

# MOTICLORSA (VRSB0801) and its VRSD0301 counterparts.
MOTIFS_CLOTURE = {
    "PCG": "décision du président du conseil départemental",
    "ECH": "quatre mois sans droit",
    "MUT": "dossier transféré à une autre caisse",
    "RGD": "dossiers regroupés",
    "RFD": "radiation (fin de droit)",
    "RAU": "radiation (autre motif)",
    "EFF": "bascule RMI ou API annulée",
    "RST": "option départements d'outre-mer (RSTA)",
    "RSO": "option départements d'outre-mer (RSO)",
    "CCG": "décision du président du conseil départemental",
    "CMD": "quatre mois sans droit",
    "CMU": "dossier transféré à une autre caisse",
    "CFD": "radiation (fin de droit)",
    "CAU": "radiation (autre motif)",
    # Ours, not the CNAF's: the département closed a right its monthly stock no longer listed.
    "ABS": "absent du stock mensuel, clos par le département",
}

# MOTISUSVERSRSA: why the payment is suspended (state 4).
MOTIFS_SUSPENSION_VERSEMENT = {
    "01": "ressources trop élevées",
    "02": "moins de 25 ans",
    "04": "titre de séjour",
    "36": "titre de séjour",
    "05": "montant inférieur au seuil de versement",
    "06": "déclaration trimestrielle de ressources non parvenue",
    "09": "condition de résidence",
    "44": "hospitalisation",
    "70": "action d'insertion non engagée",
    "85": "pas d'allocataire",
    "97": "bénéficiaire de l'allocation aux adultes handicapés",
    "AB": "absence",
    "CZ": "activité antérieure",
    "DA": "activité antérieure",
    "DB": "activité antérieure",
    "DC": "activité antérieure",
    "CV": "en attente d'une décision du président du conseil départemental",
    "CG": "sanction du département",
}

# MOTISUSDRORSA: why the right itself is suspended (state 3); D* concern the dossier, G* the prestation.
MOTIFS_SUSPENSION_DROIT = {
    "GJ": "décision du président du conseil départemental",
    "GL": "action d'insertion non engagée",
}


def libelle_motif(etat, motif):
    """The reason of ``etat`` in French (« quatre mois sans droit »), or "" without a reason."""
    motif = (motif or "").strip()
    if not motif:
        return ""
    if etat in (EtatDroitRSA.CLOS, EtatDroitRSA.CLOS_REGULARISE, EtatDroitRSA.REFUSE):
        table = MOTIFS_CLOTURE
    elif etat == EtatDroitRSA.SUSPENDU_DROIT:
        table = MOTIFS_SUSPENSION_DROIT
    else:
        table = MOTIFS_SUSPENSION_VERSEMENT
    return table.get(motif.upper(), f"motif {motif}")


def libelle_etat(etat):
    """The state in French; an unknown code as sent (« état 9 »), none: « état inconnu »."""
    if not etat:
        return "État inconnu"
    return ETATS.get(etat, f"État {etat}")


def etat_et_motif(etat, motif):
    """« Droit clos (quatre mois sans droit) »."""
    libelle = libelle_motif(etat, motif)
    return f"{libelle_etat(etat)} ({libelle})" if libelle else libelle_etat(etat)
