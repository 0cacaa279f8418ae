"""The follow-up status (``SuiviRendezVous``) where professionals read it: the person page's « Suivi des
rendez-vous » block, the portfolio's « Suivi rendez-vous » column and filter, the dashboard's counts.

Each is read in SQL at a fixed cost: the block and the column are one JSON column of the page's query
(``synthese.objet`` style), the dashboard one aggregate query.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Concat, JSONObject
from django.utils import timezone

from francetravail.personnes.portefeuille import Colonne, Filtre, enregistrer, enregistrer_filtre
from francetravail.personnes.synthese import Bloc, Lecture, Rubrique, brancher, instant, lire_objet
from francetravail.rendezvous.acces import organisations_agendas
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.rendezvous.models import HistoriqueSuivi, SuiviRendezVous

_STATUTS = dict(StatutSuivi.choices)
_MOTIFS = dict(Motif.choices)
_CANAUX = {"email": "courriel", "sms": "SMS", "courrier": "courrier"}
# The person page shows the latest moves of each motif (the rest stays in the table).
HISTORIQUE_FICHE = 10
# The point d'étape follows a signed contract at its own rhythm: not a step « to reach » the person.
MOTIFS_SUIVIS = [m for m in Motif.values if m != Motif.POINT_ETAPE]


def _lignes(personne_ref, *, historique):
    lignes = SuiviRendezVous.objects.filter(personne=personne_ref, motif__in=MOTIFS_SUIVIS).order_by("-depuis", "-pk")
    champs = {"motif": "motif", "statut": "statut", "depuis": "depuis"}
    if historique:
        moves = HistoriqueSuivi.objects.filter(suivi=OuterRef("pk")).order_by("-at", "-pk")[:HISTORIQUE_FICHE]
        champs |= {
            "organisation": "organisation__nom",
            "invitation_statut": "invitation__statut",
            "canaux": "invitation__canaux",
            "expire_le": "invitation__expire_le",
            "historique": ArraySubquery(
                moves.values(
                    json=JSONObject(
                        at="at",
                        avant="statut_avant",
                        apres="statut_apres",
                        par=Coalesce(Concat("user__first_name", Value(" "), "user__last_name"), Value("")),
                        detail="commentaire",
                    )
                )
            ),
        }
    return ArraySubquery(lignes.values(json=JSONObject(**champs)))


def _jour(texte):
    return f"{timezone.localtime(instant(texte)):%d/%m/%Y}" if texte else ""


def _libelle(ligne):
    return f"{_STATUTS.get(ligne['statut'], ligne['statut'])} depuis le {_jour(ligne['depuis'])}"


# --- The person page ---------------------------------------------------------------------------------------


def _annoter_fiche(qs):
    return qs.annotate(fiche_suivi_rdv=_lignes(OuterRef("pk"), historique=True))


def _details(ligne):
    details = [(_MOTIFS.get(ligne["motif"], ligne["motif"]), _libelle(ligne))]
    if ligne.get("organisation"):
        details.append(("Organisme", ligne["organisation"]))
    if ligne.get("invitation_statut") in ("envoyee", "relancee") and ligne["statut"] in (
        StatutSuivi.INVITE,
        StatutSuivi.RELANCE,
        StatutSuivi.RAPPEL_DEMANDE,
    ):
        canaux = ", ".join(_CANAUX.get(c, c) for c in ligne.get("canaux") or ())
        details.append(("Invitation en cours", f"par {canaux}, valable jusqu'au {_jour(ligne['expire_le'])}"))
    moves = [lire_objet(h) for h in ligne.get("historique") or ()]
    if moves:
        texte = " ; ".join(
            f"{_jour(h['at'])} : {_STATUTS.get(h['apres'], h['apres'])}"
            + (f" ({h['par'].strip()})" if (h.get("par") or "").strip() else "")
            + (f" — {h['detail']}" if h.get("detail") else "")
            for h in moves
        )
        details.append(("Historique", texte))
    return details


def lire_fiche(personne, aujourdhui):
    lignes = [lire_objet(ligne) for ligne in getattr(personne, "fiche_suivi_rdv", None) or ()]
    titre = "Suivi des rendez-vous"
    if not lignes:
        return Lecture(Bloc("suivi_rdv", titre, "Non invité", lien="rendez-vous/"))
    details = []
    for ligne in lignes:
        details.extend(_details(ligne))
    premiere = lignes[0]
    etat = f"{_STATUTS.get(premiere['statut'])} ({_MOTIFS.get(premiere['motif'], '').lower()})"
    return Lecture(Bloc("suivi_rdv", titre, etat, instant(premiere["depuis"]), tuple(details), "rendez-vous/"))


# --- The portfolio -----------------------------------------------------------------------------------------


def _annoter_portefeuille(qs):
    return qs.annotate(suivi_rdv=_lignes(OuterRef("pk"), historique=False))


def _texte(personne):
    lignes = [lire_objet(ligne) for ligne in getattr(personne, "suivi_rdv", None) or ()]
    if not lignes:
        return _STATUTS[StatutSuivi.NON_INVITE]
    return " ; ".join(f"{_libelle(ligne)} ({_MOTIFS.get(ligne['motif'], '').lower()})" for ligne in lignes)


def filtre_q(statut):
    """People with a follow-up (any motif but the point d'étape) at ``statut``; « non invité »: none moved."""
    lignes = SuiviRendezVous.objects.filter(motif__in=MOTIFS_SUIVIS)
    if statut == StatutSuivi.NON_INVITE:
        return ~Q(pk__in=lignes.exclude(statut=StatutSuivi.NON_INVITE).values("personne_id"))
    return Q(pk__in=lignes.filter(statut=statut).values("personne_id"))


def _choix():
    return list(StatutSuivi.choices)


# --- The dashboard -----------------------------------------------------------------------------------------

# The dashboard's counts: (status, label, description), each a link to the portfolio filtered on it.
TUILES = (
    (StatutSuivi.INVITE, "Invités, en attente de réservation", "Invitation envoyée, aucun créneau choisi."),
    (StatutSuivi.RELANCE, "Relancés", "Invitation relancée, toujours sans réservation."),
    (StatutSuivi.EXPIRE, "Invitations expirées, à réinviter", "Le lien a expiré sans réservation."),
    (StatutSuivi.RAPPEL_DEMANDE, "Demandes de rappel", "Aucun créneau ne convenait : la personne attend un appel."),
    (StatutSuivi.ANNULE, "Rendez-vous annulés, à réinviter", "Une réservation annulée : la personne reste à joindre."),
    (StatutSuivi.RDV_PRIS, "Rendez-vous pris", "Un créneau est réservé."),
)


def compter(user):
    """{status: number of people} whose follow-up is held by ``user``'s organisations (one query), or None
    when the user works no agenda."""
    organisations = organisations_agendas(user)
    if not organisations:
        return None
    # The links open the portfolio, which shows no archived file (personnes/acces.py): neither do the counts.
    lignes = SuiviRendezVous.objects.filter(
        organisation_id__in=list(organisations), motif__in=MOTIFS_SUIVIS, personne__archivee_le__isnull=True
    )
    return lignes.aggregate(
        **{statut: Count("personne_id", distinct=True, filter=Q(statut=statut)) for statut, _, _ in TUILES}
    )


def connecter():
    """Called once from ``apps.py``."""
    brancher(Rubrique("suivi_rdv", 35, _annoter_fiche, lire_fiche, genre="rendezvous"))
    # Not a default column: « mon portefeuille » stays readable at 1280 px; the filter is always there.
    enregistrer(Colonne("suivi_rdv", "Suivi rendez-vous", _annoter_portefeuille, _texte, ordre=35, par_defaut=False))
    enregistrer_filtre(Filtre("suivi_rdv", "Suivi rendez-vous", _choix, filtre_q))
