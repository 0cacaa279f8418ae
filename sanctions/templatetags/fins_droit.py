"""The end of the RSA right on other pages (``sanctions.fin_droit``): the dashboard's count for the
département's decider, and the decision as the procedure pages show it (to the person, to the team)."""

from django import template
from django.utils import timezone

from francetravail.reseau.enums import Role
from francetravail.reseau.roles import contexte_professionnel
from sanctions import fin_droit, forms

register = template.Library()


@register.simple_tag(takes_context=True)
def fins_droit_a_decider(context):
    """For the dashboard: how many cases the user may end the RSA right on today (None: not a decider)."""
    user = context["request"].user
    if not (user.is_authenticated and user.est_professionnel):
        return None
    if Role.DECIDEUR_DEPARTEMENTAL not in contexte_professionnel(user).roles:
        return None
    nombre = fin_droit.a_decider(user).count()
    return {"nombre": nombre, "badge": f"{nombre} à décider" if nombre else ""}


@register.simple_tag(takes_context=True)
def fin_droit_de(context, procedure, pour_la_personne=False):
    """The end of the RSA right on ``procedure``'s page: the decision (or None), its appeal deadline and
    appeals, whether the person may appeal now (with the form), or, for the professionals, whether the
    case is one where it may follow (a link to the decision page)."""
    if not procedure.concerne_le_rsa or not fin_droit.suppression_totale(procedure):
        return None
    decision = fin_droit.decision(procedure)
    resultat = {
        "decision": decision,
        "atteinte_le": fin_droit.atteinte_le(procedure),
        "possible": decision is None and not fin_droit.motifs_refus(procedure, timezone.localdate()),
    }
    if decision is not None:
        resultat["echeance_recours"] = fin_droit.echeance_recours(decision)
        resultat["recours"] = fin_droit.recours_de(decision)
        if pour_la_personne and fin_droit.motif_refus_recours(decision) is None:
            resultat["form"] = forms.RecoursForm(prefix="recours_fin_droit")
    return resultat
