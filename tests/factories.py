"""Factories shared by every test module (one module: the core models are few)."""

import datetime
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.personnes.enums import RoleImplication
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Commune, Membership, Organisation

MOT_DE_PASSE = "Motdepasse-solide-2026"
# A fixed base32 secret so tests (and the browser test) can compute TOTP codes.
SECRET_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    type_compte = TypeCompte.PERSONNE
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    class Params:
        professionnel = factory.Trait(type_compte=TypeCompte.PROFESSIONNEL)
        employeur = factory.Trait(type_compte=TypeCompte.EMPLOYEUR)

    @factory.post_generation
    def email_verifie(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        # Professionals get a second factor by default: most tests are about what they see.
        wanted = extracted if extracted is not None else obj.type_compte == TypeCompte.PROFESSIONNEL
        if create and wanted:
            TOTP.activate(obj, SECRET_TOTP)


def commune(code="59350"):
    return Commune.objects.select_related("departement").get(code_insee=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Agence France Travail n° {n}")
    type_organisation = TypeOrganisation.AGENCE_FRANCE_TRAVAIL
    departement_id = "59"

    class Params:
        conseil_departemental = factory.Trait(
            type_organisation=TypeOrganisation.CONSEIL_DEPARTEMENTAL,
            nom=factory.Sequence(lambda n: f"Conseil départemental n° {n}"),
        )
        mission_locale = factory.Trait(
            type_organisation=TypeOrganisation.MISSION_LOCALE, nom=factory.Sequence(lambda n: f"Mission locale n° {n}")
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, professionnel=True)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSEILLER


def professionnel(organisation=None, role=Role.CONSEILLER, **kwargs):
    membership = MembershipFactory(
        organisation=organisation or OrganisationFactory(), role=role, user=UserFactory(professionnel=True, **kwargs)
    )
    return membership.user


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personne

    nom_naissance = factory.Faker("last_name", locale="fr_FR")
    prenoms = factory.Faker("first_name", locale="fr_FR")
    date_naissance = factory.Faker(
        "date_between_dates", date_start=datetime.date(1960, 1, 1), date_end=datetime.date(2007, 1, 1)
    )
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    telephone = "0601020304"
    # A full postal address, as registration and the CAF/MSA flow record it: letters print it.
    adresse = factory.Sequence(lambda n: f"{n % 200 + 1} rue des Tilleuls")
    commune = factory.LazyFunction(lambda: commune("59350"))
    code_postal = factory.LazyAttribute(
        lambda o: o.commune.codes_postaux[0] if o.commune and o.commune.codes_postaux else ""
    )
    organisme_referent = factory.SubFactory(OrganisationFactory)

    class Params:
        avec_compte = factory.Trait(user=factory.SubFactory(UserFactory))


class ImplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implication

    personne = factory.SubFactory(PersonneFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    motif = "Co-rédaction du diagnostic"
    # Accepted (the model's default) as co-référent: what an implication meant before invitations.
    role = RoleImplication.CO_REFERENT
    created_by = factory.SubFactory(UserFactory, professionnel=True)


def code_totp(secret=SECRET_TOTP):
    """The current TOTP code, taken early enough in its 30-second window to still be
    valid when the test submits it (allauth accepts no neighbouring window)."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
