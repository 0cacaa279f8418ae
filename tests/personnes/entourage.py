"""A file and the people around it, for the tests of invitations (``Implication``)."""

from types import SimpleNamespace

from francetravail.comptes.models import User
from francetravail.personnes import actions
from francetravail.personnes.enums import RoleImplication
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def frais(user):
    """The user as a new request reads it (the professional context is cached on the object)."""
    return User.objects.get(pk=user.pk)


def dossier():
    """A person of the Nord followed by a France Travail agency (référent, responsable d'équipe), the
    Nord's conseil départemental with two social workers, a Mission locale of the Nord, and a conseil
    départemental of the Pas-de-Calais."""
    agence = OrganisationFactory(departement_id="59")
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59", nom="Conseil départemental du Nord")
    cd62 = OrganisationFactory(conseil_departemental=True, departement_id="62", nom="Conseil départemental 62")
    ml = OrganisationFactory(mission_locale=True, departement_id="59", nom="Mission locale de Lille")
    return SimpleNamespace(
        agence=agence,
        cd=cd,
        cd62=cd62,
        ml=ml,
        personne=PersonneFactory(avec_compte=True, organisme_referent=agence),
        referent=professionnel(agence, Role.CONSEILLER),
        responsable=professionnel(agence, Role.RESPONSABLE_EQUIPE),
        ts=professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        ts_collegue=professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        ts62=professionnel(cd62, Role.TRAVAILLEUR_SOCIAL),
        conseiller_ml=professionnel(ml, Role.CONSEILLER),
    )


def inviter(d, organisation=None, *, par=None, role=RoleImplication.CO_REFERENT, **kwargs):
    return actions.inviter(
        d.personne,
        acting_user=par or d.referent,
        organisation=organisation or d.cd,
        role=role,
        motif=kwargs.pop("motif", "Co-rédaction du diagnostic : freins au logement"),
        **kwargs,
    )
