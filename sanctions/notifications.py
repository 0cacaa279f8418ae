"""The kinds of notification of the sanction procedure, declared once (``francetravail.notifications.registre``).

A letter of the procedure (prior notice, decision, lifting, appeal receipt, end of the RSA right)
is announced by e-mail, without its content, to the person and to their legal representative:
these announce legal notices, so they are never subject to an opt-out. The deciders are told of
an overdue decision and of a 4-month total suppression (for the RSA, the page where the end of
the right is decided): work reminders, not legal notices.
"""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

COURRIER = declarer(
    "sanctions.courrier",
    libelle="Courrier de la procédure de sanction à lire dans l'espace",
    public=Public.PERSONNE,
    modele="sanctions/courrier",
    canaux=(Canal.EMAIL,),
    avis_legal=True,
    lien="sanctions:liste",
)
COURRIER_REPRESENTANT = declarer(
    "sanctions.courrier_representant",
    libelle="Copie d'un courrier de la procédure de sanction au représentant légal",
    public=Public.PERSONNE,
    modele="sanctions/courrier_representant",
    canaux=(Canal.EMAIL,),
    avis_legal=True,
    lien="sanctions:liste",
)
DECISION_EN_RETARD = declarer(
    "sanctions.decision_en_retard",
    libelle="Décision de sanction attendue",
    public=Public.PROFESSIONNEL,
    modele="sanctions/decision_en_retard",
    canaux=(Canal.EMAIL,),
    avis_legal=False,
    lien="backoffice:sanction",
)
SUPPRESSION_TOTALE = declarer(
    "sanctions.suppression_totale",
    libelle="Suppression totale de 4 mois atteinte",
    public=Public.PROFESSIONNEL,
    modele="sanctions/suppression_totale",
    canaux=(Canal.EMAIL,),
    avis_legal=False,
    lien="backoffice:sanction",
)
# The same e-mail for the RSA, whose link leads to where the end of the right is decided (CASF R262-68).
FIN_DROIT_RSA_POSSIBLE = declarer(
    "sanctions.fin_droit_rsa_possible",
    libelle="Suppression totale du RSA de 4 mois atteinte : fin du droit possible",
    public=Public.PROFESSIONNEL,
    modele="sanctions/suppression_totale",
    canaux=(Canal.EMAIL,),
    avis_legal=False,
    lien="backoffice:sanction_fin_droit",
)
