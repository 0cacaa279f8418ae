"""What the employers' side tells people, by e-mail and in the person's space: each kind declared once.

None of these is a legal notice: offers, applications and immersions are agreements between a
person, an employer and their conseillers, not decisions of the administration, so each may later
be subject to an opt-out. The e-mails name an offer's title or a company, never anything of a
person's file; the link leads to the page where the rest is read.
"""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

# --- Companies and their members ------------------------------------------------------------

COMPTE_DEMANDE = declarer(
    "entreprises.compte_demande",
    libelle="Demande de rattachement à l'entreprise, pour ses administrateurs",
    public=Public.EMPLOYEUR,
    modele="entreprises/compte_demande",
    lien="entreprises:entreprise",
)
COMPTE_RATTACHEMENT_ACCEPTE = declarer(
    "entreprises.compte_rattachement_accepte",
    libelle="Rattachement à l'entreprise accepté",
    public=Public.EMPLOYEUR,
    modele="entreprises/compte_rattachement_accepte",
    lien="entreprises:entreprise",
)
COMPTE_RATTACHEMENT_REFUSE = declarer(
    "entreprises.compte_rattachement_refuse",
    libelle="Rattachement à l'entreprise refusé",
    public=Public.EMPLOYEUR,
    modele="entreprises/compte_rattachement_refuse",
    lien="entreprises:espace",
)
COMPTE_REFERENT_DESIGNE = declarer(
    "entreprises.compte_referent_designe",
    libelle="Désignation comme référent entreprise",
    public=Public.PROFESSIONNEL,
    modele="entreprises/compte_referent_designe",
    lien="backoffice:entreprise",
)
COMPTE_MESSAGE = declarer(
    "entreprises.compte_message",
    libelle="Message d'un employeur à son conseiller",
    public=Public.PROFESSIONNEL,
    modele="entreprises/compte_message",
    lien="backoffice:entreprise",
)

# --- Offers ---------------------------------------------------------------------------------

OFFRE_A_VALIDER = declarer(
    "entreprises.offre_a_valider",
    libelle="Offre à relire avant publication, pour le référent entreprise",
    public=Public.PROFESSIONNEL,
    modele="entreprises/offre_a_valider",
    lien="backoffice:offre",
)
OFFRE_PUBLIEE = declarer(
    "entreprises.offre_publiee",
    libelle="Offre publiée après relecture",
    public=Public.EMPLOYEUR,
    modele="entreprises/offre_publiee",
    lien="entreprises:offre",
)
OFFRE_RENVOYEE = declarer(
    "entreprises.offre_renvoyee",
    libelle="Offre renvoyée en brouillon pour correction",
    public=Public.EMPLOYEUR,
    modele="entreprises/offre_renvoyee",
    lien="entreprises:offre",
)
OFFRE_EXPIREE = declarer(
    "entreprises.offre_expiree",
    libelle="Offre arrivée au terme de sa publication",
    public=Public.EMPLOYEUR,
    modele="entreprises/offre_expiree",
    lien="entreprises:offre",
)
OFFRE_RAPPEL_48H = declarer(
    "entreprises.offre_rappel_48h",
    libelle="Nouvel employeur à rappeler sous 48 heures",
    public=Public.PROFESSIONNEL,
    modele="entreprises/offre_rappel_48h",
    lien="backoffice:taches_entreprises",
)

# --- Applications ---------------------------------------------------------------------------

CANDIDATURE_PERSONNE = declarer(
    "entreprises.candidature_personne",
    libelle="Suivi d'une candidature, pour la personne",
    public=Public.PERSONNE,
    modele="entreprises/candidature_personne",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="emploi:candidatures",
)
CANDIDATURE_REFERENT = declarer(
    "entreprises.candidature_referent",
    libelle="Candidature d'une personne accompagnée, pour son référent",
    public=Public.PROFESSIONNEL,
    modele="entreprises/candidature_referent",
    lien="backoffice:candidature",
)
CANDIDATURE_EMPLOYEUR = declarer(
    "entreprises.candidature_employeur",
    libelle="Candidature reçue ou retirée, pour l'employeur",
    public=Public.EMPLOYEUR,
    modele="entreprises/candidature_employeur",
    lien="entreprises:candidature",
)

# --- Immersions (PMSMP) ---------------------------------------------------------------------

IMMERSION_PERSONNE = declarer(
    "entreprises.immersion_personne",
    libelle="Étape d'une immersion, pour la personne",
    public=Public.PERSONNE,
    modele="entreprises/immersion_personne",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="emploi:immersion",
)
IMMERSION_EMPLOYEUR = declarer(
    "entreprises.immersion_employeur",
    libelle="Étape d'une immersion, pour l'entreprise d'accueil",
    public=Public.EMPLOYEUR,
    modele="entreprises/immersion_employeur",
    lien="entreprises:immersion",
)
IMMERSION_REFERENT = declarer(
    "entreprises.immersion_referent",
    libelle="Étape d'une immersion, pour le prescripteur",
    public=Public.PROFESSIONNEL,
    modele="entreprises/immersion_referent",
    lien="backoffice:immersion",
)
