"""Cursor pagination for every API list: stable while rows are added, no count, no OFFSET.

A partner that pulls a list page by page follows ``next`` (an opaque cursor); a row added
meanwhile neither shifts nor repeats the others. A view sets ``ordering`` on a unique column
(or ends with one, ``("-cree_le", "-id")``); the default is the id.
"""

from rest_framework.pagination import CursorPagination


class PaginationCurseur(CursorPagination):
    page_size = 100
    page_size_query_param = "taille"
    max_page_size = 500
    ordering = "id"
    cursor_query_param = "curseur"
    cursor_query_description = "Curseur de la page, tel que donné par les liens next et previous."
    page_size_query_description = "Nombre de résultats par page (100 par défaut, 500 au plus)."
    invalid_cursor_message = "Curseur invalide : suivez les liens next et previous tels qu'ils sont donnés."

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)
