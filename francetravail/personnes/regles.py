"""Pure rules about a person's core record, shared by the pages, the API and the actions."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


# « Où j'en suis »: the step of the journey the person's space leads with, and what to do next.
# The facts come from each app of the journey (francetravail/personnes/parcours.py); the rule
# below reads nothing else, so each case is a test of plain values.

ETAPES_DU_PARCOURS = (
    ("inscription", "Inscription"),
    ("orientation", "Orientation"),
    ("premier_rdv", "Premier rendez-vous"),
    ("diagnostic", "Diagnostic"),
    ("contrat", "Contrat d’engagement"),
    ("accompagnement", "Accompagnement"),
)
_RANG = {code: i for i, (code, _) in enumerate(ETAPES_DU_PARCOURS)}
_LIBELLE = dict(ETAPES_DU_PARCOURS)


@dataclass(frozen=True)
class FaitsDuParcours:
    """What is known of the journey, as plain values (None / "" / False when unknown or absent)."""

    a_un_dossier: bool = False
    statut_inscription: str | None = None  # None: no registration file (an account only, or a file without one)
    canal_inscription: str = ""
    orientation: str = ""  # "", "en_attente" (proposed, not decided yet) or "decidee" (notified)
    organisme_referent: str = ""
    rdv_propose: bool = False  # slots offered, none chosen yet
    prochain_rdv: datetime | None = None  # the next booked appointment
    rdv_honore: bool = False
    diagnostic_ouvert: bool = False
    contrat: str = ""  # "", "brouillon", "soumis", "accepte", "signe"
    echeance_signature: date | None = None
    semaine_a_declarer: date | None = None  # the Monday of the week still to declare
    avertissement_echeance: date | None = None  # a prior notice awaiting the person's observations until then
    avertissement_procedure: int | None = None  # that procedure, whose page takes the answer
    procedure_en_cours: bool = False


@dataclass(frozen=True)
class AFaire:
    libelle: str
    url: str  # a URL name of the person's space
    echeance: date | datetime | None = None
    argument: int | None = None  # the URL's one argument, when it takes one

    @property
    def echeance_avec_heure(self):
        return isinstance(self.echeance, datetime)


@dataclass(frozen=True)
class EtapeAffichee:
    code: str
    libelle: str
    etat: str  # "faite", "en_cours" or "a_venir"


@dataclass(frozen=True)
class OuJEnSuis:
    etape: str  # a code of ETAPES_DU_PARCOURS, or "cessee"
    libelle: str
    message: str
    a_faire: tuple = ()
    etapes: tuple = ()
    procedure_en_cours: bool = False

    @property
    def inscription_a_terminer(self):
        return self.etape == "inscription"

    @property
    def numero(self):
        return _RANG[self.etape] + 1 if self.etape in _RANG else None

    @property
    def total(self):
        return len(ETAPES_DU_PARCOURS)

    @property
    def suivante(self):
        rang = _RANG.get(self.etape)
        return ETAPES_DU_PARCOURS[rang + 1][1] if rang is not None and rang + 1 < len(ETAPES_DU_PARCOURS) else ""


def _etape(faits):
    """The current step: the furthest the facts show, whatever the way in (online, desk, CAF/MSA flow)."""
    if faits.contrat == "signe":
        return "accompagnement"
    if faits.contrat in ("soumis", "accepte"):
        return "contrat"
    if faits.rdv_honore or faits.diagnostic_ouvert or faits.contrat == "brouillon":
        return "diagnostic"
    if faits.orientation == "decidee":
        return "premier_rdv"
    # The CAF/MSA flow registers the person: what remains is the orientation, even if the file stays « en cours ».
    if faits.statut_inscription == "inscrit" or faits.canal_inscription == "flux_caf_msa" or faits.orientation:
        return "orientation"
    return "inscription"


def _message(etape, faits):
    organisme = faits.organisme_referent or "votre organisme référent"
    if etape == "inscription":
        if not faits.a_un_dossier:
            return (
                "Votre dossier n’est pas encore créé. Inscrivez-vous en quelques étapes : vos réponses sont "
                "enregistrées au fur et à mesure. Si la CAF ou la MSA nous a déjà transmis votre demande de RSA, "
                "votre dossier sera retrouvé grâce à votre numéro de sécurité sociale."
            )
        return "Votre inscription n’est pas terminée : vos réponses précédentes sont enregistrées."
    if etape == "orientation":
        return (
            "Votre inscription est enregistrée. Votre orientation est à l’étude : "
            "vous serez informé(e) de la décision."
        )
    if etape == "premier_rdv":
        return (
            f"Vous êtes orienté(e) vers {organisme}. "
            "Votre premier rendez-vous permet de faire le point avec votre référent."
        )
    if etape == "diagnostic":
        return (
            "Votre référent établit avec vous le diagnostic de votre situation, "
            "puis vous propose un contrat d’engagement."
        )
    if etape == "contrat":
        if faits.contrat == "accepte":
            return "Vous avez accepté votre contrat d’engagement : votre référent va le signer."
        return "Votre contrat d’engagement vous est proposé : lisez-le et acceptez-le."
    return "Votre contrat d’engagement est signé : vous êtes accompagné(e) et suivez votre plan d’action."


def _a_faire(etape, faits, aujourdhui):
    actions = []
    if faits.avertissement_echeance is not None and faits.avertissement_echeance >= aujourdhui:
        if faits.avertissement_procedure is not None:
            url, argument = "sanctions:procedure", faits.avertissement_procedure
        else:
            url, argument = "sanctions:liste", None
        actions.append(AFaire("Répondre à l’avertissement préalable", url, faits.avertissement_echeance, argument))
    if etape == "inscription":
        libelle = "Reprendre mon inscription" if faits.a_un_dossier else "Commencer mon inscription"
        actions.append(AFaire(libelle, "inscription:reprendre"))
    if faits.contrat == "soumis":
        actions.append(
            AFaire("Lire et accepter mon contrat d’engagement", "contrats:contrat", faits.echeance_signature)
        )
    if faits.rdv_propose and faits.prochain_rdv is None:
        actions.append(AFaire("Choisir un créneau de rendez-vous", "rendezvous:liste"))
    if faits.prochain_rdv is not None:
        actions.append(AFaire("Me rendre à mon prochain rendez-vous", "rendezvous:liste", faits.prochain_rdv))
    if faits.contrat == "signe" and faits.semaine_a_declarer is not None:
        dimanche = faits.semaine_a_declarer + timedelta(days=6)
        actions.append(
            AFaire(
                f"Déclarer mon activité de la semaine du {faits.semaine_a_declarer:%d/%m}",
                "contrats:activite",
                dimanche,
            )
        )
    return tuple(actions)


def ou_j_en_suis(faits: FaitsDuParcours, aujourdhui: date) -> OuJEnSuis:
    """The person's step of the journey, the message that says it, and what to do next with its deadline."""
    if faits.statut_inscription == "cessee":
        return OuJEnSuis(
            etape="cessee",
            libelle="Inscription cessée",
            message="Votre inscription est cessée. Pour toute question, écrivez à votre référent.",
            procedure_en_cours=faits.procedure_en_cours,
        )
    etape = _etape(faits)
    rang = _RANG[etape]
    etapes = tuple(
        EtapeAffichee(code, libelle, "faite" if i < rang else ("en_cours" if i == rang else "a_venir"))
        for i, (code, libelle) in enumerate(ETAPES_DU_PARCOURS)
    )
    return OuJEnSuis(
        etape=etape,
        libelle=_LIBELLE[etape],
        message=_message(etape, faits),
        a_faire=_a_faire(etape, faits, aujourdhui),
        etapes=etapes,
        procedure_en_cours=faits.procedure_en_cours,
    )
