"""The lists a closed RSA right takes a person out of (issue 18), through the hooks of the core.

A person the CAF/MSA flow took out of the RSA (``inscription.queries.personnes_sorties_du_rsa``: a right of a
closed household, none in force) is no longer to orient nor to invite; their file stays, and the
portfolio keeps listing them (the référent still follows it), with the right's state in its column:

- the « à attribuer » queue (``francetravail/referents/file.py``): excluded;
- the « À faire » queues over people and the portfolio's « en retard »: « hors suivi »;
- the invitations to an appointment (``francetravail/rendezvous/empechements.py``): refused, with why;
- the orientation proposals and the deciders' queue read ``DroitRSA.objects.en_vigueur()`` and this
  condition (``orientation.masse``, ``orientation.acces.decisions_a_traiter``).

A re-opening (a later file) brings them back: every list reads the household's state, nothing was moved.
"""

from datetime import timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone

from francetravail.personnes.portefeuille import (
    Colonne,
    Filtre,
    HorsSuivi,
    enregistrer,
    enregistrer_filtre,
    enregistrer_hors_suivi,
)
from francetravail.referents.file import Critere
from francetravail.referents.file import enregistrer as enregistrer_critere
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from inscription.enums import ETATS_CLOS, Canal, EtatDroitRSA
from inscription.models import DroitRSA
from inscription.motifs_rsa import etat_et_motif, libelle_etat
from inscription.queries import personnes_sorties_du_rsa
from inscription.vie_du_droit import SUSPENSIONS


def _sortie(qs):
    return qs.annotate(sorti_du_rsa=ExpressionWrapper(personnes_sorties_du_rsa(), output_field=BooleanField()))


def _annoter(qs):
    """The state of the person's latest household (the file last applied) and whether they left the RSA."""
    dernier = DroitRSA.objects.filter(personne=OuterRef("pk"), foyer__isnull=False).order_by(
        "-foyer__date_flux", "-pk"
    )
    return _sortie(qs).annotate(
        droit_rsa_etat=Subquery(dernier.values("foyer__etat")[:1]),
        droit_rsa_motif=Subquery(dernier.values("foyer__motif_cloture")[:1]),
        droit_rsa_motif_suspension=Subquery(dernier.values("foyer__motif_suspension")[:1]),
    )


def _texte(personne):
    etat = personne.droit_rsa_etat
    if etat is None:
        return "Non transmis par le flux"
    if etat in ETATS_CLOS:
        return etat_et_motif(etat, personne.droit_rsa_motif)
    if etat in SUSPENSIONS:
        return etat_et_motif(etat, personne.droit_rsa_motif_suspension)
    return libelle_etat(etat)


_FILTRE = {
    "ouvert": ("Ouvert", lambda: Q(droit_rsa_etat=EtatDroitRSA.OUVERT)),
    "suspendu": ("Suspendu", lambda: Q(droit_rsa_etat__in=sorted(SUSPENSIONS))),
    "clos": ("Clos (sorti des listes)", lambda: Q(sorti_du_rsa=True)),
}


def _choix():
    return [(cle, libelle) for cle, (libelle, _) in _FILTRE.items()]


def _q(valeur):
    return _FILTRE[valeur][1]() if valeur in _FILTRE else Q()


# The newcomers of the CAF/MSA flow, the list a département invites first (issue 19): arrived within the
# last 7 days (their registration written by the flow), still on the RSA list, optionally with no
# appointment booked or held yet.
JOURS_ARRIVEE = 7
_ARRIVEES = {
    "7j_sans_rdv": f"Arrivés depuis {JOURS_ARRIVEE} jours, sans premier rendez-vous",
    "7j": f"Arrivés depuis {JOURS_ARRIVEE} jours",
}


def _q_arrivee(valeur):
    if valeur not in _ARRIVEES:
        return Q()
    q = Q(
        inscription__canal=Canal.FLUX_CAF_MSA,
        inscription__created_at__gte=timezone.now() - timedelta(days=JOURS_ARRIVEE),
        sorti_du_rsa=False,
    )
    if valeur == "7j_sans_rdv":
        rdv = RendezVous.objects.filter(
            personne=OuterRef("pk"), statut__in=[StatutRendezVous.RESERVE, StatutRendezVous.HONORE]
        )
        q &= ~Q(Exists(rdv))
    return q


def empechement_rendez_vous(personne):
    """Why no appointment may be offered or booked for ``personne`` (rendezvous hook), or None."""
    if not DroitRSA.objects.filter(personne=personne, foyer__etat__in=sorted(ETATS_CLOS)).exists():
        return None
    if DroitRSA.objects.en_vigueur().filter(personne=personne).exists():
        return None
    return (
        "Le droit au RSA de cette personne est clos selon le flux CAF/MSA : elle n'est plus à inviter. "
        "Son dossier est conservé ; elle revient dans les listes si son droit est rouvert."
    )


def connecter():
    enregistrer(Colonne("droit_rsa", "Droit au RSA", _annoter, _texte, ordre=15, par_defaut=False))
    enregistrer_filtre(Filtre("droit_rsa", "Droit au RSA", _choix, _q))
    enregistrer_filtre(
        Filtre("arrivee_flux", "Bénéficiaires du RSA par le flux CAF/MSA", lambda: list(_ARRIVEES.items()), _q_arrivee)
    )
    enregistrer_hors_suivi(
        HorsSuivi("droit_rsa_clos", Q(sorti_du_rsa=True), lambda p: bool(getattr(p, "sorti_du_rsa", False)), _sortie)
    )
    enregistrer_critere(Critere("droit_rsa_en_vigueur", _sortie, exclure=Q(sorti_du_rsa=True)))
