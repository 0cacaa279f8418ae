"""The people around a file in the demo: Karim Lefebvre (social worker of the Conseil départemental du
Nord) co-referent in Marie Dupont's file (invited by Camille Durand, accepted: he co-writes her
diagnostic, she sees him in « Qui a consulté mon dossier »), and invited into Julien Blanc's file, an
invitation waiting for his answer (his dashboard counts it). Idempotent: an implication already there
for the file and the organisation is kept."""

from francetravail.personnes import actions
from francetravail.personnes.enums import RoleImplication
from francetravail.personnes.models import Implication


def _inviter(personne, organisation, referent, professionnel, motif, role=RoleImplication.CO_REFERENT):
    existante = Implication.objects.filter(personne=personne, organisation=organisation).first()
    if existante is not None:
        return existante, False
    implication = actions.inviter(
        personne,
        acting_user=referent,
        organisation=organisation,
        role=role,
        motif=motif,
        professionnel=professionnel,
    )
    return implication, True


def charger_demo_implications(marie, julien, cd, referent, travailleur_social):
    implication, creee = _inviter(
        marie,
        cd,
        referent,
        travailleur_social,
        "Co-rédaction du diagnostic : logement et budget (accompagnement social)",
    )
    if creee:
        actions.accepter(implication, acting_user=travailleur_social)
    _inviter(julien, cd, referent, None, "Difficultés de logement signalées au premier rendez-vous")
