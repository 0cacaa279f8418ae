"""The queue of people to assign, the team's loads, a person's history of référents: fixed query counts."""

from django.db.models import Count

from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.referents import acces, file
from francetravail.referents.models import HistoriqueReferent
from francetravail.reseau.models import Organisation


def file_a_attribuer(organisation_ids):
    """The people of these organisations with no référent unique whom the journey's apps put in the queue
    (orientation decided, registration not ceased: ``file.py``)."""
    # Archived files are nobody's work any more (francetravail/personnes/acces.py): out of the queue and the loads.
    qs = Personne.objects.filter(
        organisme_referent_id__in=list(organisation_ids), referent_unique__isnull=True, archivee_le__isnull=True
    )
    return file.appliquer(qs)


def filtrer(qs, *, commune=None, oriente_du=None, oriente_au=None, origine=None):
    disponibles = file.annotations()
    if commune is not None:
        qs = qs.filter(commune=commune)
    if oriente_du and "date_orientation" in disponibles:
        qs = qs.filter(date_orientation__date__gte=oriente_du)
    if oriente_au and "date_orientation" in disponibles:
        qs = qs.filter(date_orientation__date__lte=oriente_au)
    if origine and "origine" in disponibles:
        qs = qs.filter(origine=origine)
    return qs


def ordonner(qs):
    """Oldest orientation first (who has waited longest), then by name."""
    if "date_orientation" in file.annotations():
        return qs.order_by("date_orientation", "nom_naissance", "prenoms", "pk")
    return qs.order_by("nom_naissance", "prenoms", "pk")


def compter_a_attribuer(user):
    """How many people wait for a référent in the organisations where ``user`` designates: one query."""
    organisations = acces.organisations_designantes(user)
    if not organisations:
        return 0
    return file_a_attribuer(organisations).count()


def a_attribuer_par_organisation(user):
    """[(organisation, count)] for the organisations where ``user`` designates and people wait: one query."""
    organisations = acces.organisations_designantes(user)
    if not organisations:
        return []
    lignes = (
        file_a_attribuer(organisations)
        .order_by()
        .values("organisme_referent_id", "organisme_referent__nom")
        .annotate(nombre=Count("pk"))
        .order_by("organisme_referent__nom")
    )
    return [
        (Organisation(pk=ligne["organisme_referent_id"], nom=ligne["organisme_referent__nom"]), ligne["nombre"])
        for ligne in lignes
        if ligne["nombre"]
    ]


def charges(organisation_id, conseiller_ids=None):
    """{conseiller id: people of this organisation they are référent for}, 0 for those with nobody."""
    ids = acces.designables(organisation_id) if conseiller_ids is None else set(conseiller_ids)
    resultat = dict.fromkeys(ids, 0)
    if not ids:
        return resultat
    for conseiller, nombre in (
        Personne.objects.filter(
            organisme_referent_id=organisation_id, referent_unique_id__in=ids, archivee_le__isnull=True
        )
        .order_by()
        .values_list("referent_unique_id")
        .annotate(n=Count("pk"))
    ):
        resultat[conseiller] = nombre
    return resultat


def equipe(organisation_id):
    """The professionals who may be designated, with their load, least loaded first: three queries."""
    charge = charges(organisation_id)
    membres = list(User.objects.filter(pk__in=list(charge)).order_by("last_name", "first_name", "pk"))
    for membre in membres:
        membre.charge = charge[membre.pk]
    return sorted(membres, key=lambda m: (m.charge, m.last_name, m.first_name, m.pk))


def portefeuilles(organisation_id):
    """The team's members who hold a portfolio in this organisation, even if they left it (to transfer it)."""
    ids = (
        Personne.objects.filter(
            organisme_referent_id=organisation_id, referent_unique__isnull=False, archivee_le__isnull=True
        )
        .order_by()
        .values_list("referent_unique_id", flat=True)
        .distinct()
    )
    charge = charges(organisation_id, ids)
    membres = list(User.objects.filter(pk__in=list(charge)).order_by("last_name", "first_name", "pk"))
    for membre in membres:
        membre.charge = charge[membre.pk]
    return membres


def historique(personne):
    return list(
        HistoriqueReferent.objects.filter(personne=personne)
        .select_related("ancien", "nouveau", "user", "organisation")
        .order_by("-created_at", "-pk")
    )
