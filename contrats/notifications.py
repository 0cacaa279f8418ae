"""The kinds of notification of the contrat d'engagement, and who receives a contract's notices.

The person is told when a contract is submitted to them and when it is signed (by e-mail where
they have an address, always in their space); these two are legal notices: the submission starts
what they must read and accept before the signature deadline, the signature makes the obligations
binding (C. trav. L5411-6). The référent is told when the person accepts or asks for changes, and
by the daily sweep (``contrats.tasks``) of a signature overdue or an ORE not set in time.
Templates: ``templates/notifications/contrats/``.
"""

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

SOUMIS = declarer(
    "contrats.soumis",
    libelle="Contrat d'engagement soumis à la personne",
    public=Public.PERSONNE,
    modele="contrats/soumis",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    avis_legal=True,
    lien="contrats:contrat",
)
SIGNE = declarer(
    "contrats.signe",
    libelle="Contrat d'engagement signé",
    public=Public.PERSONNE,
    modele="contrats/signe",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    avis_legal=True,
    lien="contrats:contrat",
)
ACCEPTE = declarer(
    "contrats.accepte",
    libelle="Contrat d'engagement accepté par la personne",
    public=Public.PROFESSIONNEL,
    modele="contrats/accepte",
    lien="backoffice:contrat",
)
MODIFICATION_DEMANDEE = declarer(
    "contrats.modification_demandee",
    libelle="Modification du contrat d'engagement demandée par la personne",
    public=Public.PROFESSIONNEL,
    modele="contrats/modification_demandee",
    lien="backoffice:contrat",
)
RETARD_SIGNATURE = declarer(
    "contrats.retard_signature",
    libelle="Contrat d'engagement non signé dans le délai",
    public=Public.PROFESSIONNEL,
    modele="contrats/retard_signature",
    lien="backoffice:contrat",
)
ALERTE_ORE = declarer(
    "contrats.alerte_ore",
    libelle="Offre raisonnable d'emploi à fixer",
    public=Public.PROFESSIONNEL,
    modele="contrats/alerte_ore",
    lien="backoffice:contrat",
)


def _contexte(contrat, version=None, **extra):
    personne = contrat.personne
    return {
        "prenom": personne.prenoms.split(" ")[0],
        "personne": f"{personne.prenoms} {personne.nom_usage or personne.nom_naissance}".strip(),
        "organisme": contrat.organisme.nom,
        "parcours": contrat.get_parcours_display(),
        "version": version.numero if version else None,
        "echeance": f"{contrat.echeance_signature:%d/%m/%Y}",
        **extra,
    }


def notifier_personne(contrat, type_notification, cle, version=None, **extra):
    """An e-mail to the person (where they have an address) and an in-app notice (where they have an account)."""
    personne = contrat.personne
    if not personne.user_id:
        return
    contexte = _contexte(contrat, version, **extra)
    adresse = personne.email or personne.user.email
    if adresse:
        notifier(
            personne.user,
            type_notification,
            contexte=contexte,
            cle_idempotence=f"contrat:{contrat.pk}:{cle}:{Canal.EMAIL}",
            canal=Canal.EMAIL,
            adresse=adresse,
        )
    notifier(
        personne.user,
        type_notification,
        contexte=contexte,
        cle_idempotence=f"contrat:{contrat.pk}:{cle}:{Canal.IN_APP}",
        canal=Canal.IN_APP,
        adresse="",
    )


def notifier_referent(contrat, type_notification, cle, version=None, **extra):
    """An e-mail to the contract's référent, with the link to the contract's page in the back-office."""
    if not contrat.referent.email:
        return
    notifier(
        contrat.referent,
        type_notification,
        contexte=_contexte(contrat, version, **extra),
        cle_idempotence=f"contrat:{contrat.pk}:{cle}:{Canal.EMAIL}",
        canal=Canal.EMAIL,
        adresse=contrat.referent.email,
        lien={"pk": contrat.personne_id},
    )
