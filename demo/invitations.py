"""Demo of the invitations (issue 19, idempotent): people of the Nord brought by the CAF/MSA flow (the daily
flow of demo/droits_rsa.py), oriented to Lille Centre ten days ago, whose référent is Camille Durand, each at
a different point of the way to their first appointment, so that the follow-up statuses, the dashboards'
counts, the callback requests and the letters can be seen at once:

- Arnaud Roussel: not invited yet;
- Bérénice Roussel: invited by e-mail and SMS this morning;
- Cédric Hennebert: invited four days ago, relancé yesterday;
- Dounia Hennebert: invited twelve days ago, the link expired;
- Emma Caron: asked to be called back (no slot suited her), the agency sees her request;
- Farid Caron: booked from his link, without an account;
- Gaëlle Vandamme, Hakim Vandamme, Irène Deruelle: booked, then honoured, excused, absent (→ to examine);
- Jordan Deruelle: booked, then the appointment was cancelled: to invite again;
- six Lefort: one bulk invitation (« bRSA importés cette semaine sans premier rendez-vous »), two of whom
  have only a postal address; every letter of the day is in the agency's batch (one PDF, rendered here);
- the SMS speak the Nord's own wording (demo/suivi_formulations.py, loaded before this module).

Every step goes through the actions the pages call (``invitations.actions``, ``invitations.actions_lien``,
``rendezvous.actions``); only the dates are moved back afterwards (an invitation sent twelve days ago, an
appointment held yesterday), as the demo cannot wait. Nothing is done again for a person already invited.
"""

import datetime

from django.utils import timezone

from demo.orientation import orientation_notifiee
from francetravail.invitations import actions as invitations
from francetravail.invitations import actions_lien, courriers
from francetravail.invitations.enums import CanalInvitation
from francetravail.invitations.models import EnvoiInvitation, Invitation, LotInvitations
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rendezvous
from francetravail.rendezvous.enums import Modalite, Motif, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau
from inscription.enums import Canal, Categorie, EtatDroitRSA, RoleFoyer, StatutInscription
from inscription.models import DossierInscription, DroitRSA, FoyerRSA, ImportFluxCAF

MOTIF = Motif.ENTRETIEN_ORIENTATION
FLUX = "RSABEI_20250415.xml"  # demo/droits_rsa.py's daily flow
ORIGINE_LOT = "bRSA importés cette semaine sans premier rendez-vous (démo)"
AGENDA = "Entretiens d'orientation — Lille Centre (démo)"
TOUS = [CanalInvitation.EMAIL, CanalInvitation.SMS, CanalInvitation.COURRIER]

# (nom, prénom, naissance, e-mail, mobile, adresse, where they stand)
SUIVIS = [
    ("Roussel", "Arnaud", datetime.date(1986, 4, 3), True, True, True, "non_invite"),
    ("Roussel", "Bérénice", datetime.date(1989, 6, 21), True, True, False, "invite"),
    ("Hennebert", "Cédric", datetime.date(1979, 12, 2), True, True, True, "relance"),
    ("Hennebert", "Dounia", datetime.date(1993, 3, 17), False, True, True, "expire"),
    ("Caron", "Emma", datetime.date(1997, 8, 9), True, True, False, "rappel"),
    ("Caron", "Farid", datetime.date(1982, 1, 28), False, True, False, "rdv_pris"),
    ("Vandamme", "Gaëlle", datetime.date(1990, 10, 11), True, False, True, "honore"),
    ("Vandamme", "Hakim", datetime.date(1975, 5, 5), True, True, False, "excuse"),
    ("Deruelle", "Irène", datetime.date(1984, 2, 14), True, False, False, "absent"),
    ("Deruelle", "Jordan", datetime.date(1999, 9, 30), True, True, False, "annule"),
]
# (nom, prénom, naissance, e-mail, mobile, adresse): three letters among them (Damien and Fabien have nothing else).
LOT = [
    ("Lefort", "Amandine", datetime.date(1981, 2, 11), True, True, False),
    ("Lefort", "Bruno", datetime.date(1983, 3, 12), True, False, False),
    ("Lefort", "Coralie", datetime.date(1985, 4, 13), False, True, False),
    ("Lefort", "Damien", datetime.date(1987, 5, 14), False, False, True),
    ("Lefort", "Élodie", datetime.date(1989, 6, 15), True, True, True),
    ("Lefort", "Fabien", datetime.date(1991, 7, 16), False, False, True),
]


def _personne(nom, prenom, naissance, email, mobile, adresse, rang, organisme, referent, imp):
    """A person of the flow, as the CAF/MSA import leaves them (registration, household, right), oriented."""
    simple = f"{prenom}.{nom}".lower().replace("é", "e").replace("ë", "e").replace("è", "e")
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenom,
        date_naissance=naissance,
        defaults={
            "email": f"{simple}@exemple.fr" if email else "",
            "telephone": f"07 {rang:02d} 12 34 56" if mobile else "",
            "adresse": f"{10 + rang} rue de Wazemmes" if adresse else "",
            "commune_id": "59350",
            "code_postal": "59000",
            "organisme_referent": organisme,
            "referent_unique": referent,
        },
    )
    DossierInscription.objects.get_or_create(
        personne=personne,
        defaults={
            "canal": Canal.FLUX_CAF_MSA,
            "organisation": organisme,
            "statut": StatutInscription.INSCRIT,
            "categorie": Categorie.G,
            "inscrit_le": timezone.now() - datetime.timedelta(days=12),
            "prestations": ["rsa"],
        },
    )
    numero = f"76550{rang:02d}000000"
    foyer, _ = FoyerRSA.objects.get_or_create(
        organisme_payeur="CAF",
        numero_allocataire=numero,
        defaults={
            "departement_id": "59",
            "date_flux": imp.date_flux,
            "import_source": imp,
            "etat": EtatDroitRSA.OUVERT,
            "etat_depuis": timezone.localdate() - datetime.timedelta(days=20),
            "nb_personnes": 1,
            "nb_enfants": 0,
        },
    )
    DroitRSA.objects.get_or_create(
        personne=personne,
        organisme_payeur="CAF",
        numero_allocataire=numero,
        defaults={
            "role": RoleFoyer.DEMANDEUR,
            "date_ouverture": timezone.localdate() - datetime.timedelta(days=20),
            "foyer": foyer,
            "soumis_droits_devoirs": True,
            "import_source": imp,
        },
    )
    orientation_notifiee(personne, organisme)
    return personne


def _agenda(organisme, conseiller):
    """Orientation interviews at the agency, this week and the next (not counted in demo/agenda.py's slots)."""
    agenda, _ = Agenda.objects.get_or_create(
        organisation=organisme, conseiller=conseiller, libelle=AGENDA, defaults={"created_by": conseiller}
    )
    if Creneau.objects.filter(agenda=agenda, debut__gt=timezone.now(), actif=True, nb_reservations=0).exists():
        return agenda
    jour = timezone.localdate()
    creneaux = []
    while len(creneaux) < 12:
        jour += datetime.timedelta(days=1)
        if jour.weekday() >= 5:
            continue
        for heure in (9, 11):
            debut = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure, 30)))
            creneaux.append(
                Creneau(
                    agenda=agenda,
                    debut=debut,
                    fin=debut + datetime.timedelta(minutes=45),
                    motif=MOTIF,
                    modalite=Modalite.SUR_PLACE,
                    lieu="Agence France Travail Lille Centre, 25 rue Nationale, 59000 Lille",
                    created_by=conseiller,
                )
            )
    Creneau.objects.bulk_create(creneaux)
    return agenda


def _premier_libre(agenda):
    # The first free slot: the bookings must fall within the 15 days from the orientation.
    return (
        Creneau.objects.filter(agenda=agenda, debut__gt=timezone.now(), actif=True, nb_reservations=0)
        .order_by("debut")
        .first()
    )


def _reculer(invitation, jours):
    """The invitation as if it had been sent ``jours`` days ago (its expiry and relance moved with it)."""
    decalage = datetime.timedelta(days=jours)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - decalage,
        expire_le=invitation.expire_le - decalage,
        prochaine_relance=invitation.prochaine_relance - decalage if invitation.prochaine_relance else None,
    )


def _tenu_hier(rdv):
    """The appointment's slot moved to yesterday, so that its attendance can be recorded."""
    hier = timezone.now() - datetime.timedelta(days=1)
    duree = rdv.creneau.fin - rdv.creneau.debut
    Creneau.objects.filter(pk=rdv.creneau_id).update(debut=hier, fin=hier + duree)
    rdv.creneau.refresh_from_db()


def _etape(personne, etape, organisme, conseiller, agenda):
    canaux = TOUS if etape != "invite" else [CanalInvitation.EMAIL, CanalInvitation.SMS]
    invitation = invitations.inviter(
        personne, motif=MOTIF, organisation=organisme, canaux=canaux, acting_user=conseiller
    )
    if etape == "relance":
        _reculer(invitation, 4)
        invitations.relancer_dues(maintenant=timezone.now())
    elif etape == "expire":
        _reculer(invitation, 12)
        invitations.expirer_echues(maintenant=timezone.now())
    elif etape == "rappel":
        actions_lien.demander_rappel(
            invitation, telephone=personne.telephone, disponibilites="Plutôt le matin, avant 11 h."
        )
    elif etape != "invite":
        rdv, _ = actions_lien.reserver(invitation, _premier_libre(agenda))
        if etape in ("honore", "excuse", "absent"):
            _tenu_hier(rdv)
            statut = {"honore": StatutRendezVous.HONORE, "excuse": StatutRendezVous.EXCUSE}.get(
                etape, StatutRendezVous.ABSENT
            )
            motif = "Enfant malade, justificatif fourni." if etape == "excuse" else ""
            rendezvous.enregistrer_presence(rdv, statut, acting_user=conseiller, motif=motif)
        elif etape == "annule":
            rendezvous.annuler(rdv, acting_user=conseiller, motif="Agence fermée ce jour-là (formation de l'équipe).")


def charger_demo_invitations(organisme, conseiller):
    """``organisme``: Lille Centre; ``conseiller``: Camille Durand, who invites."""
    imp = ImportFluxCAF.objects.get(nom_fichier=FLUX)
    agenda = _agenda(organisme, conseiller)
    for rang, (nom, prenom, naissance, email, mobile, adresse, etape) in enumerate(SUIVIS):
        personne = _personne(nom, prenom, naissance, email, mobile, adresse, rang, organisme, conseiller, imp)
        if etape == "non_invite" or Invitation.objects.filter(personne=personne, motif=MOTIF).exists():
            continue
        _etape(personne, etape, organisme, conseiller, agenda)

    du_lot = [
        _personne(nom, prenom, naissance, email, mobile, adresse, 20 + rang, organisme, conseiller, imp).pk
        for rang, (nom, prenom, naissance, email, mobile, adresse) in enumerate(LOT)
    ]
    if not LotInvitations.objects.filter(organisation=organisme, origine=ORIGINE_LOT).exists():
        lot = invitations.inviter_en_masse(
            du_lot, motif=MOTIF, organisation=organisme, canaux=TOUS, origine=ORIGINE_LOT, acting_user=conseiller
        )
        # The worker would do it after the commit; the demo shows the lot done.
        invitations.traiter_lot(lot.pk)
    # The day's letters, put in the agency's batch and rendered as the worker does after the commit: the
    # « Courriers à imprimer » tile and its PDF are there at once.
    lettres = EnvoiInvitation.objects.filter(
        invitation__organisation=organisme, canal=CanalInvitation.COURRIER, lot_courriers__isnull=True
    ).values_list("pk", flat=True)
    for lot_courriers in courriers.inscrire_au_lot(list(lettres)):
        courriers.rendre_lot(lot_courriers.pk)
