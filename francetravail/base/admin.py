"""Admin building blocks shared by the apps."""


class LectureSeule:
    """Mixin for admin pages and inlines that only show: the rows are written by actions, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def document_stocke(fichier, empreinte="", *, libelle="Conservé"):
    """What an admin page shows of a stored file: that it is there (and its hash), never a link.

    Stored files have no URL (``francetravail.base.stockage``); the back-office pages serve them
    through the access gate, which logs the read.
    """
    if not fichier:
        return "—"
    return f"{libelle} (SHA-256 {empreinte[:12]}…)" if empreinte else libelle
