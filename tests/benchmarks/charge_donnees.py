"""Data of the load benchmark (tests/benchmarks/test_charge.py), committed in its own database.

Run as a module, in a subprocess, with the server's settings and database
(``python -m tests.benchmarks.charge_donnees``): it migrates (a no-op on a copy of the
migrated test database), then seeds through the same actions as the pages do:

- ``NB_PAIRES`` conseillers, five per agency, each with a TOTP second factor and a
  portfolio of ``TAILLE_PORTEFEUILLE`` people (one of whom has an account);
- for each person with an account: a finished registration, a notified orientation,
  a signed contract (three actions, its PDF, a declared week), a booked appointment
  and two offered ones, a conversation of six messages (two unread by the person);
- ``POPULATION`` more people spread over other organisations, so that the pages read
  indexed rows of a populated table rather than a near-empty one.

It prints one JSON line: the accounts and, for each conseiller, their portfolio's ids.
"""

import datetime
import json
import os
from decimal import Decimal

import django

NB_PAIRES = 25
PAR_AGENCE = 5
TAILLE_PORTEFEUILLE = 20
POPULATION = int(os.environ.get("BENCH_CHARGE_POPULATION", "20000"))
MOT_DE_PASSE = "Charge-France-Travail-2026"
SECRET_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DOMAINE = "charge.francetravail.localhost"


def _compte(email, prenom, nom, type_compte, mot_de_passe_chiffre):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    from francetravail.comptes.models import User

    # One hash for every account: the production hasher (scrypt) costs ~0.1 s per call.
    user = User.objects.create(
        email=email, first_name=prenom, last_name=nom, type_compte=type_compte, password=mot_de_passe_chiffre
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if user.doit_avoir_second_facteur:
        TOTP.activate(user, SECRET_TOTP)
    return user


def _dossier(personne, organisme, conseiller, agenda):
    from django.utils import timezone

    from contrats import actions as contrats
    from contrats import suivi
    from contrats.enums import PorteurAction, TypeAction
    from francetravail.messagerie.actions import envoyer_message, marquer_lus
    from francetravail.rendezvous import actions as rendezvous
    from francetravail.rendezvous.enums import Modalite, Motif
    from inscription.models import DossierInscription
    from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
    from orientation.models import DecisionOrientation

    maintenant = timezone.now()
    DossierInscription.objects.create(personne=personne, canal="guichet", statut="inscrit", categorie="A")
    il_y_a_dix_jours = maintenant - datetime.timedelta(days=10)
    DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Projet professionnel établi : parcours professionnel avec France Travail.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=organisme,
        decidee_le=il_y_a_dix_jours,
        notifiee_le=il_y_a_dix_jours,
    )

    contrat = contrats.rediger(personne, acting_user=conseiller)
    plan = [
        (TypeAction.FORMATION, PorteurAction.PERSONNE, "Formation CACES R489", "9"),
        (TypeAction.RECHERCHE_EMPLOI, PorteurAction.PERSONNE, "Candidatures auprès des entrepôts", "4"),
        (TypeAction.ATELIER_COLLECTIF, PorteurAction.ORGANISME, "Atelier « Réussir son entretien »", "2"),
    ]
    for type_action, porteur, description, heures in plan:
        contrats.ajouter_action(
            contrat,
            acting_user=conseiller,
            type_action=type_action,
            porteur=porteur,
            description=description,
            debut=timezone.localdate(),
            heures_hebdo=Decimal(heures),
        )
    contrat = contrats.soumettre(contrat, acting_user=conseiller)
    contrat = contrats.accepter(contrat, acting_user=personne.user)
    contrat = contrats.contresigner(contrat, acting_user=conseiller)
    heures = {a.pk: a.heures_hebdo for a in contrat.actions.all()}
    semaine = timezone.localdate() - datetime.timedelta(days=7)
    suivi.declarer_semaine(contrat, acting_user=personne.user, semaine=semaine, heures=heures)

    creneaux = []
    for jours in (2, 3, 4):
        jour = timezone.localdate() + datetime.timedelta(days=jours)
        debut = timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, 10))
        creneaux.append(
            rendezvous.creer_creneau(
                agenda,
                acting_user=conseiller,
                debut=debut,
                fin=debut + datetime.timedelta(minutes=45),
                motif=Motif.SUIVI,
                modalite=Modalite.SUR_PLACE,
                lieu="12 rue de la Gare, 59000 Lille",
            )
        )
    rendezvous.proposer_creneaux(personne, creneaux[1:], acting_user=conseiller)
    rendezvous.reserver(personne, creneaux[0], acting_user=conseiller)

    for i in range(6):
        auteur = personne.user if i % 2 else conseiller
        envoyer_message(personne, acting_user=auteur, corps=f"Message {i + 1} au sujet du plan d'action.")
        if i == 3:
            # The person read the first ones; the last two from the conseiller stay unread.
            marquer_lus(personne, lecteur=personne.user)


def _population(organisations, communes):
    from francetravail.personnes.models import Personne

    lot = [
        Personne(
            nom_naissance=f"POPULATION{i:06d}",
            prenoms=f"Prénom {i}",
            date_naissance=datetime.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
            email=f"population{i}@exemple.fr",
            commune_id=communes[i % len(communes)][0],
            departement_id=communes[i % len(communes)][1],
            organisme_referent_id=organisations[i % len(organisations)],
        )
        for i in range(POPULATION)
    ]
    Personne.objects.bulk_create(lot, batch_size=5_000)


def semer():
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from francetravail.comptes.enums import TypeCompte
    from francetravail.personnes.models import Personne
    from francetravail.rendezvous.models import Agenda
    from francetravail.reseau.enums import Role, TypeOrganisation
    from francetravail.reseau.models import Commune, Membership, Organisation

    chiffre = make_password(MOT_DE_PASSE)
    communes = list(Commune.objects.filter(departement_id="59").values_list("code_insee", "departement_id")[:300])
    conseillers, personnes = [], []
    for i in range(NB_PAIRES):
        with transaction.atomic():
            if i % PAR_AGENCE == 0:
                agence = Organisation.objects.create(
                    nom=f"Agence France Travail charge {i // PAR_AGENCE + 1}",
                    type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL,
                    departement_id="59",
                    commune_id="59350",
                )
            conseiller = _compte(
                f"conseiller{i}@{DOMAINE}", "Camille", f"Conseiller{i}", TypeCompte.PROFESSIONNEL, chiffre
            )
            Membership.objects.create(user=conseiller, organisation=agence, role=Role.CONSEILLER)
            agenda = Agenda.objects.create(organisation=agence, conseiller=conseiller, libelle=f"Agenda {i}")
            user = _compte(f"personne{i}@{DOMAINE}", "Marie", f"Personne{i}", TypeCompte.PERSONNE, chiffre)
            personne = Personne.objects.create(
                user=user,
                nom_naissance=f"Personne{i}",
                prenoms="Marie",
                date_naissance=datetime.date(1985, 1 + i % 12, 1 + i % 28),
                email=user.email,
                telephone="0601020304",
                adresse="1 place de la République",
                commune_id="59350",
                organisme_referent=agence,
                referent_unique=conseiller,
            )
            portefeuille = [personne.pk] + [
                p.pk
                for p in Personne.objects.bulk_create(
                    Personne(
                        nom_naissance=f"Suivie{i}x{j}",
                        prenoms="Jean",
                        date_naissance=datetime.date(1990, 1 + j % 12, 1 + j % 28),
                        email=f"suivie{i}x{j}@exemple.fr",
                        commune_id="59350",
                        departement_id="59",
                        organisme_referent=agence,
                        referent_unique=conseiller,
                    )
                    for j in range(TAILLE_PORTEFEUILLE - 1)
                )
            ]
        with transaction.atomic():
            _dossier(personne, agence, conseiller, agenda)
        conseillers.append({"email": conseiller.email, "portefeuille": portefeuille})
        personnes.append({"email": user.email})
    autres = list(
        Organisation.objects.bulk_create(
            Organisation(
                nom=f"Organisation de la population {k}",
                type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL,
                departement_id="59",
            )
            for k in range(50)
        )
    )
    _population([o.pk for o in autres], communes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "mot_de_passe": MOT_DE_PASSE,
        "secret_totp": SECRET_TOTP,
        "conseillers": conseillers,
        "personnes": personnes,
    }


def main():
    django.setup()
    from django.core.management import call_command

    from francetravail.parametres.loader import charger_parametres

    call_command("migrate", verbosity=0, interactive=False)
    charger_parametres()
    print(json.dumps(semer()), flush=True)


if __name__ == "__main__":
    main()
