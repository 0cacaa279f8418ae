"""Situations for the diagnostic tests: one person followed by an organisation, and
every kind of reader around them."""

from diagnostic import actions
from diagnostic.enums import Section
from francetravail.reseau.enums import Role
from tests.factories import (
    ImplicationFactory,
    OrganisationFactory,
    PersonneFactory,
    UserFactory,
    professionnel,
)
from tests.inscription.factories import dossier_complet


class Scenario:
    """Person P (with an account), followed by organisation A (France Travail, Nord); the
    Conseil départemental du Nord (CD) involved in P's file; a second CD not involved; France
    Travail's regional mediation (Hauts-de-France) involved in P's file."""

    def __init__(self, *, implique=True, inscription=True, **personne):
        self.org = OrganisationFactory(departement_id="59")
        self.cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
        self.cd_autre = OrganisationFactory(conseil_departemental=True, departement_id="59")
        self.personne = PersonneFactory(avec_compte=True, organisme_referent=self.org, **personne)
        if inscription:
            dossier_complet(
                self.personne,
                freins=("fort", "moyen"),
                diplome="CAP cuisine",
                experiences="Commis de cuisine, 3 ans",
                projet="Cuisinier en restauration collective",
                maturite_projet="defini",
                logement="locataire",
                niveau_francais="courant",
            )
        self.referent = professionnel(self.org, Role.CONSEILLER)
        self.ts = professionnel(self.cd, Role.TRAVAILLEUR_SOCIAL)
        # The médiateur is France Travail's (R5312-47): a regional organisation, not the département.
        self.mediation = OrganisationFactory(departement_id=None, region_id="32")
        if implique:
            ImplicationFactory(personne=self.personne, organisation=self.cd, created_by=self.referent)
            ImplicationFactory(personne=self.personne, organisation=self.mediation, created_by=self.referent)
        self.utilisateurs = {
            "referent": self.referent,
            "conseiller_autre_org": professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER),
            "ts_implique": self.ts,
            "ts_non_implique": professionnel(self.cd_autre, Role.TRAVAILLEUR_SOCIAL),
            "decideur": professionnel(self.cd_autre, Role.DECIDEUR_DEPARTEMENTAL),
            "equipe_pluri": professionnel(self.cd_autre, Role.EQUIPE_PLURIDISCIPLINAIRE),
            # A médiateur of an organisation involved in the file: the gate lets them read it.
            "mediateur": professionnel(self.mediation, Role.MEDIATEUR),
            "pilote": professionnel(self.org, Role.PILOTE),
            "admin_organisation": professionnel(self.org, Role.ADMIN_ORGANISATION),
            "employeur": UserFactory(employeur=True),
            "personne": self.personne.user,
            "autre_personne": PersonneFactory(avec_compte=True, organisme_referent=self.org).user,
            "anonyme": None,
        }

    def enregistrer(self, section, contenu, auteur=None, version_lue=None):
        from diagnostic.models import VersionSection

        if version_lue is None:
            version_lue = VersionSection.objects.filter(diagnostic__personne=self.personne, section=section).count()
        return actions.enregistrer_section(
            self.personne,
            section,
            acting_user=auteur or self.referent,
            contenu=contenu,
            version_lue=version_lue,
        )

    def remplir_sensibles(self):
        self.enregistrer(Section.SANTE, {"details": "DETAIL-SANTE diabète", "restrictions": "", "demarches": ""})
        self.enregistrer(
            Section.JUSTICE, {"details": "DETAIL-JUSTICE sursis probatoire", "obligations": "", "demarches": ""}
        )
        self.enregistrer(
            Section.FINANCES,
            {"details": "DETAIL-FINANCES dettes de loyer", "dettes": True, "surendettement": None, "demarches": ""},
        )
