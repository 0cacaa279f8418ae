"""A person who moved: Benoît Garnier, followed by the Lille agency, moved to Arras (Pas-de-Calais); his
référent declared the move and his file went to the Arras agency (``orientation.actions.demenager``), with
its history, and no référent unique yet (the Arras agency designates one)."""

import datetime

from django.utils import timezone

from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from inscription.enums import Canal, Categorie, StatutInscription
from inscription.models import DossierInscription
from orientation.actions import demenager


def charger_demo_demenagement(organisme, referent, organisme_arrivee):
    personne, _ = Personne.objects.get_or_create(
        nom_naissance="Garnier",
        prenoms="Benoît",
        date_naissance=datetime.date(1985, 11, 3),
        defaults={
            "email": "benoit.garnier@exemple.fr",
            "telephone": "0601020306",
            "adresse": "21 rue Nationale",
            "commune_id": "59350",
            "code_postal": "59000",
            "organisme_referent": organisme,
            "referent_unique": referent,
        },
    )
    DossierInscription.objects.get_or_create(
        personne=personne,
        defaults={
            "canal": Canal.GUICHET,
            "organisation": organisme,
            "statut": StatutInscription.INSCRIT,
            "categorie": Categorie.A,
            "inscrit_le": timezone.now() - datetime.timedelta(days=200),
            "created_by": referent,
        },
    )
    if personne.departement_id == "59":
        demenager(
            personne,
            acting_user=referent,
            adresse="3 place des Héros",
            commune=Commune.objects.get(code_insee="62041"),
            code_postal="62000",
            organisme=organisme_arrivee,
        )
    return personne
