"""The documents attached to an object, for the page that shows it (with its download links).

The page has already passed its own gate (it reads the object); the download view checks again, by
nature, and logs each read. Listing a document's name and date on that page is not a read of it.
"""

from francetravail.documents.models import Document


def _du_modele(modele):
    # A join on the content type rather than ``ContentType.objects.get_for_model``: one query, whatever
    # the state of the content types' cache.
    meta = modele._meta
    return Document.objects.filter(objet_type__app_label=meta.app_label, objet_type__model=meta.model_name)


def documents_de(objet, *, nature=None):
    """The documents attached to ``objet``, oldest first (a list)."""
    if objet is None or objet.pk is None:
        return []
    documents = _du_modele(type(objet)).filter(objet_id=objet.pk)
    if nature is not None:
        documents = documents.filter(nature=nature)
    return list(documents.order_by("depose_le", "pk"))


def documents_par_objet(objets):
    """{object pk: [documents]} for objects of one model (one query for a list of appeals, appointments…)."""
    objets = [o for o in objets if o.pk is not None]
    if not objets:
        return {}
    resultat = {o.pk: [] for o in objets}
    for document in _du_modele(type(objets[0])).filter(objet_id__in=list(resultat)).order_by("depose_le", "pk"):
        resultat[document.objet_id].append(document)
    return resultat
