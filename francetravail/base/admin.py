"""Admin building blocks shared by the apps.

Every registered admin declares what it shows (``tests/admin/test_portee_admin.py`` fails otherwise):
- a person's file: ``AccesDossierAdmin`` (``francetravail/personnes/admin_acces.py``), through the
  access gate, every list and row shown logged in the access log (canal ADMIN);
- data only national staff read (audit trails, outbox, accounts and their secrets):
  ``ReserveSuperutilisateur``;
- reference data about no person (territories, nomenclatures, rules, organisations):
  ``DonneesDeReference``, naming the account fields that only ever hold a professional's
  or an employer's account (``comptes_professionnels``).
"""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError

from francetravail.comptes.acces import est_superutilisateur
from francetravail.comptes.enums import TypeCompte


class LectureSeule:
    """Mixin for admin pages and inlines that only show: the rows are written by actions, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReserveSuperutilisateur:
    """Mixin: only superusers see this admin, whatever model permissions a staff account holds.

    For what has no département scope to filter by and names people (the access log, audit
    events, the outbox, accounts, second factors, history of every row): departmental staff
    would otherwise read the whole country. Popups (raw_id) and autocompletion of these
    models are closed the same way, since Django asks this admin.
    """

    def has_module_permission(self, request):
        return est_superutilisateur(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return est_superutilisateur(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return est_superutilisateur(request.user) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return est_superutilisateur(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return est_superutilisateur(request.user) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if est_superutilisateur(request.user) else queryset.none()


class EcritureReserveeSuperutilisateur:
    """Mixin: staff with the model permissions read; only superusers add, change or delete here.

    For rows whose changes belong to actions with their own checks and audit rows (a person's
    file, a membership and its roles, an organisation whose type and département open files).
    """

    def has_add_permission(self, request, *args, **kwargs):
        return est_superutilisateur(request.user) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return est_superutilisateur(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return est_superutilisateur(request.user) and super().has_delete_permission(request, obj)


class IdentifiantRestreint(ForeignKeyRawIdWidget):
    """A raw_id field that names only a row of its field's queryset.

    Django's widget names whatever id is typed in (even when the form refuses it): typing ids
    one by one would list every account's name.
    """

    def __init__(self, rel, admin_site, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        try:
            permis = self.queryset.filter(**{self.rel.get_related_field().name: value}).exists()
        except (ValueError, TypeError, ValidationError):
            permis = False
        return super().label_and_url_for_value(value) if permis else ("", "")


class DonneesDeReference:
    """Mixin declaring an admin about no person: any staff with the model permission may use it.

    ``comptes_professionnels``: the fields of the model (or of the inline's model) pointing to an
    account that is only ever a professional's or an employer's (author, conseiller, member of an
    organisation or a company), never a person's. The admin test refuses any other link to an
    account or to a person; the forms accept only such accounts in these fields.
    """

    comptes_professionnels = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.comptes_professionnels:
            queryset = db_field.related_model._default_manager.exclude(type_compte=TypeCompte.PERSONNE)
            kwargs.setdefault("queryset", queryset)
            if db_field.name in self.raw_id_fields:
                kwargs.setdefault(
                    "widget",
                    IdentifiantRestreint(
                        db_field.remote_field, self.admin_site, kwargs["queryset"], using=kwargs.get("using")
                    ),
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def reserver_aux_superutilisateurs(site, *modeles):
    """Re-registers the admins of ``modeles`` (often a library's) behind ``ReserveSuperutilisateur``."""
    for modele in modeles:
        classe = type(site._registry[modele])
        site.unregister(modele)
        site.register(
            modele,
            type(classe.__name__, (ReserveSuperutilisateur, classe), {"__module__": classe.__module__}),
        )


def declarer_reference(site, *modeles):
    """Re-registers the admins of ``modeles`` (a library's) as reference data (``DonneesDeReference``)."""
    for modele in modeles:
        classe = type(site._registry[modele])
        site.unregister(modele)
        site.register(modele, type(classe.__name__, (DonneesDeReference, classe), {"__module__": classe.__module__}))


def document_stocke(fichier, empreinte="", *, libelle="Conservé"):
    """What an admin page shows of a stored file: that it is there (and its hash), never a link.

    Stored files have no URL (``francetravail.base.stockage``); the back-office pages serve them
    through the access gate, which logs the read.
    """
    if not fichier:
        return "—"
    return f"{libelle} (SHA-256 {empreinte[:12]}…)" if empreinte else libelle
