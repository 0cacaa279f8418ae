"""Demo data of the core for ``make run``: one account per role, a few organisations and people.

Idempotent: every object is found by a stable key before being created, so
running the seed twice changes nothing.
"""

import dataclasses
import datetime
import unicodedata

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.actions import creer_professionnel
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership, Organisation

MOT_DE_PASSE_DEMO = "Demo-France-Travail-2026"
# Demo only: a fixed TOTP secret so the demo logins can be printed and used.
SECRET_TOTP_DEMO = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
DOMAINE = "demo.francetravail.localhost"


def adresse_exemple(prenom, nom):
    """« inès.leroux@exemple.fr » is not a valid address (an e-mail's local part is ASCII): « ines.leroux »."""
    local = unicodedata.normalize("NFKD", f"{prenom}.{nom}".lower()).encode("ascii", "ignore").decode()
    return f"{local.replace(' ', '-')}@exemple.fr"


ORGANISATIONS = [
    ("ft-lille", "Agence France Travail Lille Centre", TypeOrganisation.AGENCE_FRANCE_TRAVAIL, "59", "59350"),
    ("ft-arras", "Agence France Travail Arras", TypeOrganisation.AGENCE_FRANCE_TRAVAIL, "62", "62041"),
    ("ml-lille", "Mission locale de Lille", TypeOrganisation.MISSION_LOCALE, "59", "59350"),
    ("cap-nord", "Cap emploi Nord", TypeOrganisation.CAP_EMPLOI, "59", "59350"),
    ("cd-nord", "Conseil départemental du Nord", TypeOrganisation.CONSEIL_DEPARTEMENTAL, "59", "59350"),
]

# (email local part, first name, last name, organisation key, role)
PROFESSIONNELS = [
    ("conseiller", "Camille", "Durand", "ft-lille", Role.CONSEILLER),
    ("conseiller.ml", "Inès", "Bernard", "ml-lille", Role.CONSEILLER),
    ("travailleur.social", "Karim", "Lefebvre", "cd-nord", Role.TRAVAILLEUR_SOCIAL),
    ("decideur", "Sophie", "Martin", "cd-nord", Role.DECIDEUR_DEPARTEMENTAL),
    ("equipe.pluri", "Hugo", "Petit", "cd-nord", Role.EQUIPE_PLURIDISCIPLINAIRE),
    ("mediateur", "Nadia", "Roux", "ft-lille", Role.MEDIATEUR),
    ("pilote", "Louis", "Moreau", "ft-lille", Role.PILOTE),
    ("admin.organisation", "Claire", "Fournier", "ft-lille", Role.ADMIN_ORGANISATION),
    ("conseiller.equipe", "Léa", "Girard", "ft-lille", Role.CONSEILLER),
    ("admin.departement", "Olivier", "Lemaire", "cd-nord", Role.ADMIN_ORGANISATION),
    # Référents (demo/referents.py): the agency's team manager and a third conseiller of the team.
    ("responsable.equipe", "Agnès", "Leroy", "ft-lille", Role.RESPONSABLE_EQUIPE),
    ("conseiller.renfort", "Yanis", "Garcia", "ft-lille", Role.CONSEILLER),
    # Issue 21 (demo/donnees.py): France Travail's data protection officer reads the purge register and,
    # with a logged reason, the archived files; no active file.
    ("protection.donnees", "Hélène", "Bonnet", "ft-lille", Role.PROTECTION_DONNEES),
]

PERSONNES = [
    ("Dupont", "Marie", datetime.date(1988, 3, 14), "59350", "ft-lille"),
    ("Lambert", "Youssef", datetime.date(2003, 7, 2), "59350", "ml-lille"),
    ("Garnier", "Élise", datetime.date(1975, 11, 23), "59350", "cap-nord"),
    ("Faure", "Thomas", datetime.date(1969, 1, 5), "59350", "cd-nord"),
    ("Rousseau", "Aïcha", datetime.date(1992, 9, 30), "62041", "ft-arras"),
    ("Blanc", "Julien", datetime.date(1984, 5, 18), "59350", "ft-lille"),
    ("Mercier", "Nathalie", datetime.date(1980, 2, 11), "59350", "cd-nord"),
]

CODES_POSTAUX = {"59350": "59000", "62041": "62000"}

# The two people of the contract demo (both followed by Camille Durand at Lille Centre):
# Marie Dupont has a contract submitted to her (to accept in her space), Julien Blanc
# a signed one whose activity he declares each week.
DEMO_CONTRAT = {"Dupont": "personne", "Blanc": "personne.signe"}


def _email(local):
    return f"{local}@{DOMAINE}"


def _compte(local, first_name, last_name, type_compte, **extra):
    user, created = User.objects.get_or_create(
        email=_email(local),
        defaults={"first_name": first_name, "last_name": last_name, "type_compte": type_compte, **extra},
    )
    if created:
        user.set_password(MOT_DE_PASSE_DEMO)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if user.doit_avoir_second_facteur and not Authenticator.objects.filter(user=user, type="totp").exists():
        TOTP.activate(user, SECRET_TOTP_DEMO)
    return user


@dataclasses.dataclass(frozen=True)
class Reseau:
    """What the other apps' demo data start from."""

    organisations: dict[str, Organisation]  # by key of ORGANISATIONS
    professionnels: dict[str, User]  # by email local part of PROFESSIONNELS
    comptes_personnes: dict[str, User]  # by last name, for the people who have an account
    employeur: User


def trouver_personne(nom, prenoms):
    return Personne.objects.get(nom_naissance=nom, prenoms=prenoms)


def charger_reseau():
    orgs = {}
    for key, nom, type_org, dep, commune in ORGANISATIONS:
        orgs[key], _ = Organisation.objects.get_or_create(
            nom=nom,
            defaults={
                "type_organisation": type_org,
                "departement_id": dep,
                "commune_id": commune,
                "email": f"contact.{key}@{DOMAINE}",
            },
        )

    admin = _compte("admin", "Alex", "Admin", TypeCompte.PROFESSIONNEL, is_staff=True, is_superuser=True)
    pros = {}
    for local, first, last, org_key, role in PROFESSIONNELS:
        pros[local] = _compte(local, first, last, TypeCompte.PROFESSIONNEL)
        Membership.objects.get_or_create(user=pros[local], organisation=orgs[org_key], role=role)

    _demande_de_rattachement(orgs["cd-nord"], pros["conseiller.equipe"], pros["admin.departement"])

    personne_user = _compte("personne", "Marie", "Dupont", TypeCompte.PERSONNE)
    comptes_personnes = {
        "Dupont": personne_user,
        "Blanc": _compte("personne.signe", "Julien", "Blanc", TypeCompte.PERSONNE),
    }
    # An account without a file: its online registration starts pre-filled (« Où j'en suis »: inscription).
    _compte("personne.nouvelle", "Léa", "Martin", TypeCompte.PERSONNE)
    paul = _compte("employeur", "Paul", "Lemoine", TypeCompte.EMPLOYEUR)

    for nom, prenom, naissance, commune, org_key in PERSONNES:
        personne, _ = Personne.objects.get_or_create(
            nom_naissance=nom,
            prenoms=prenom,
            date_naissance=naissance,
            defaults={
                "email": f"{prenom.lower()}.{nom.lower()}@exemple.fr".replace("é", "e").replace("ï", "i"),
                "telephone": "0601020304",
                "adresse": "1 place de la République",
                "commune_id": commune,
                # Letters print the person's own postcode (Lille has five).
                "code_postal": CODES_POSTAUX[commune],
                "organisme_referent": orgs[org_key],
                "referent_unique": pros["conseiller"] if org_key == "ft-lille" else None,
            },
        )
        if nom in comptes_personnes and personne.user_id is None:
            personne.user = comptes_personnes[nom]
            personne.save(update_fields=["user"])
    Implication.objects.get_or_create(
        personne=trouver_personne("Faure", "Thomas"),
        organisation=orgs["ft-lille"],
        defaults={"motif": "Accompagnement global conjoint", "created_by": admin},
    )
    return Reseau(organisations=orgs, professionnels=pros, comptes_personnes=comptes_personnes, employeur=paul)


def _demande_de_rattachement(cd, conseillere, admin_cd):
    """The département asks for Léa Girard (Lille Centre) in its équipe pluridisciplinaire: the request
    waits for Lille Centre's admin (Claire Fournier), whose dashboard counts it."""
    if Membership.objects.filter(user=conseillere, organisation=cd).exists():
        return
    creer_professionnel(
        cd,
        email=conseillere.email,
        first_name=conseillere.first_name,
        last_name=conseillere.last_name,
        role=Role.EQUIPE_PLURIDISCIPLINAIRE,
        acting_user=admin_cd,
    )


def identifiants_demo():
    """(label, email) for every demo account, in the order they are printed."""
    rows = [("Administrateur national (admin Django)", _email("admin"))]
    rows += [
        (f"{role.label} — { {k: n for k, n, *_ in ORGANISATIONS}[org] }", _email(local))
        for local, _f, _l, org, role in PROFESSIONNELS
    ]
    rows += [
        ("Personne accompagnée (contrat à accepter)", _email("personne")),
        ("Personne accompagnée (contrat signé)", _email("personne.signe")),
        ("Personne sans dossier (inscription en ligne préremplie)", _email("personne.nouvelle")),
        ("Employeur", _email("employeur")),
    ]
    return rows
