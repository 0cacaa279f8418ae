"""Data of the booking page's load benchmark (tests/benchmarks/test_reservation_charge.py), committed in its own
database. Run as a module in a subprocess with the server's settings and database
(``python -m tests.benchmarks.reservation_donnees``): it migrates (a no-op on a copy of the migrated test
database), then seeds through the actions the pages call:

- an agency, a conseiller and their agenda: orientation interviews every half hour of the next two working
  weeks (the slots the link offers);
- ``NB_CLIENTS`` people plus ``POPULATION`` more, oriented two days ago, invited in one bulk invitation
  (``inviter_en_masse`` then the worker's own ``traiter_lot``, run here): the invitations table is populated.

It prints one JSON line: for each client, the link's token and the person's birth date (what the person
types on the identity check).
"""

import datetime
import json
import os

import django

NB_CLIENTS = 50
POPULATION = int(os.environ.get("BENCH_RESERVATION_POPULATION", "2000"))
DOMAINE = "reservation.francetravail.localhost"


def _creneaux(agenda, conseiller):
    from django.utils import timezone

    from francetravail.rendezvous.enums import Modalite, Motif
    from francetravail.rendezvous.models import Creneau

    creneaux, jour = [], timezone.localdate()
    for _ in range(14):
        jour += datetime.timedelta(days=1)
        if jour.weekday() >= 5:
            continue
        for demi_heure in range(16):  # 9 h to 17 h
            debut = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(9))) + datetime.timedelta(
                minutes=30 * demi_heure
            )
            creneaux.append(
                Creneau(
                    agenda=agenda,
                    debut=debut,
                    fin=debut + datetime.timedelta(minutes=30),
                    motif=Motif.ENTRETIEN_ORIENTATION,
                    modalite=Modalite.SUR_PLACE,
                    lieu="Agence du banc d'essai, 1 place de la République, 59000 Lille",
                    created_by=conseiller,
                )
            )
    Creneau.objects.bulk_create(creneaux)


def _personnes(agence, nombre):
    from django.utils import timezone

    from francetravail.personnes.models import Personne
    from inscription.models import DossierInscription
    from orientation.enums import Parcours, StatutDecision
    from orientation.models import DecisionOrientation

    il_y_a_deux_jours = timezone.now() - datetime.timedelta(days=2)
    personnes = Personne.objects.bulk_create(
        [
            Personne(
                nom_naissance=f"RESERVATION{i:05d}",
                prenoms="Dominique",
                date_naissance=datetime.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                email=f"reservation{i}@exemple.fr",
                telephone=f"06{i:08d}",
                adresse=f"{1 + i % 200} rue Nationale",
                commune_id="59350",
                code_postal="59000",
                departement_id="59",
                organisme_referent=agence,
            )
            for i in range(nombre)
        ],
        batch_size=2000,
    )
    DossierInscription.objects.bulk_create(
        [DossierInscription(personne=p, canal="flux_caf_msa", statut="inscrit", categorie="G") for p in personnes],
        batch_size=2000,
    )
    DecisionOrientation.objects.bulk_create(
        [
            DecisionOrientation(
                personne=p,
                statut=StatutDecision.CONFIRMEE,
                explication="Orientation du banc d'essai de la réservation.",
                parcours_propose=Parcours.PROFESSIONNEL,
                parcours=Parcours.PROFESSIONNEL,
                organisme=agence,
                decidee_le=il_y_a_deux_jours,
                notifiee_le=il_y_a_deux_jours,
            )
            for p in personnes
        ],
        batch_size=2000,
    )
    return personnes


def semer():
    from django.db import connection, transaction

    from francetravail.comptes.enums import TypeCompte
    from francetravail.comptes.models import User
    from francetravail.invitations import actions, lien
    from francetravail.invitations.enums import CanalInvitation
    from francetravail.invitations.models import Invitation
    from francetravail.rendezvous.enums import Motif
    from francetravail.rendezvous.models import Agenda
    from francetravail.reseau.enums import Role, TypeOrganisation
    from francetravail.reseau.models import Membership, Organisation

    with transaction.atomic():
        agence = Organisation.objects.create(
            nom="Agence France Travail du banc d'essai de la réservation",
            type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL,
            departement_id="59",
            commune_id="59350",
            telephone="03 20 00 00 00",
        )
        conseiller = User.objects.create(
            email=f"conseiller@{DOMAINE}", first_name="Camille", last_name="Banc", type_compte=TypeCompte.PROFESSIONNEL
        )
        Membership.objects.create(user=conseiller, organisation=agence, role=Role.CONSEILLER)
        agenda = Agenda.objects.create(organisation=agence, conseiller=conseiller, libelle="Entretiens d'orientation")
        _creneaux(agenda, conseiller)
        personnes = _personnes(agence, NB_CLIENTS + POPULATION)
    # The professional's bulk invitation, then the worker's batches (run here: the server's broker is in memory).
    lot = actions.inviter_en_masse(
        [p.pk for p in personnes],
        motif=Motif.ENTRETIEN_ORIENTATION,
        organisation=agence,
        canaux=[CanalInvitation.EMAIL, CanalInvitation.SMS],
        origine="Banc d'essai de la réservation",
        acting_user=conseiller,
    )
    actions.traiter_lot(lot.pk)
    clients = []
    for personne in personnes[:NB_CLIENTS]:
        invitation = Invitation.objects.get(personne=personne, lot=lot)
        naissance = personne.date_naissance
        clients.append(
            {"jeton": lien.jeton(invitation), "naissance": [naissance.day, naissance.month, naissance.year]}
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"clients": clients, "invitations": Invitation.objects.filter(lot=lot).count()}


def main():
    django.setup()
    from django.core.management import call_command

    from francetravail.parametres.loader import charger_parametres

    call_command("migrate", verbosity=0, interactive=False)
    charger_parametres()
    print(json.dumps(semer()), flush=True)


if __name__ == "__main__":
    main()
