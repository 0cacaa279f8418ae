"""Admin of the contract domain.

- Socles des droits et devoirs: national staff (superusers, as for the orientation
  référentiel) write a new version as a draft, then publish it with the « Publier »
  action (``contrats.actions.publier_socle``, audit row SOCLE_PUBLIE). A published
  version is read-only: the next text is a new version (« Nouvelle version à partir de
  celle-ci »). Other staff read.
- Contracts and their versions: read-only, with their transition history; every change
  goes through ``contrats.actions`` from the référent's and the person's pages. pghistory
  keeps each row's changes (« Événements » in the history app).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from contrats.acces import est_equipe_nationale
from contrats.actions import prochaine_version_socle, publier_socle
from contrats.models import ActionPlan, ContratEngagement, HistoriqueContrat, SocleDroitsDevoirs, VersionContrat
from francetravail.audit.enums import PartieDossier
from francetravail.base.admin import DonneesDeReference, LectureSeule, document_stocke
from francetravail.personnes.admin_acces import AccesDossierAdmin


@admin.register(SocleDroitsDevoirs)
class SocleDroitsDevoirsAdmin(DonneesDeReference, admin.ModelAdmin):
    list_display = ["parcours", "version", "publie_le", "created_at"]
    list_filter = ["parcours", ("publie_le", admin.EmptyFieldListFilter)]
    search_fields = ["texte", "obligations_parcours", "voies_recours"]
    fields = ["parcours", "version", "texte", "obligations_parcours", "voies_recours", "publie_le", "created_at"]
    readonly_fields = ["version", "publie_le", "created_at"]
    actions = ["publier", "nouvelle_version"]

    def has_add_permission(self, request):
        return est_equipe_nationale(request.user)

    def has_change_permission(self, request, obj=None):
        # Published: read-only for everybody (a new version is written instead).
        return est_equipe_nationale(request.user) and (obj is None or obj.publie_le is None)

    def has_delete_permission(self, request, obj=None):
        return est_equipe_nationale(request.user) and (obj is None or obj.publie_le is None)

    def has_publier_permission(self, request):
        return est_equipe_nationale(request.user)

    has_nouvelle_version_permission = has_publier_permission

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # the parcours of a version is fixed
            return [*self.readonly_fields, "parcours"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version = prochaine_version_socle(obj.parcours)
            obj.publie_le = None
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset.filter(publie_le__isnull=True))

    @admin.action(description="Publier les versions choisies", permissions=["publier"])
    def publier(self, request, queryset):
        for socle in queryset.order_by("parcours", "version"):
            try:
                publier_socle(socle, acting_user=request.user)
            except ValidationError as erreur:
                self.message_user(request, " ".join(erreur.messages), messages.ERROR)
            else:
                self.message_user(request, f"{socle} publié.", messages.SUCCESS)

    @admin.action(description="Nouvelle version (brouillon) à partir de celle-ci", permissions=["nouvelle_version"])
    def nouvelle_version(self, request, queryset):
        for socle in queryset.order_by("parcours", "version"):
            copie = SocleDroitsDevoirs.objects.create(
                parcours=socle.parcours,
                version=prochaine_version_socle(socle.parcours),
                texte=socle.texte,
                obligations_parcours=socle.obligations_parcours,
                voies_recours=socle.voies_recours,
            )
            self.message_user(request, f"{copie} créé en brouillon.", messages.SUCCESS)


@admin.display(description="document PDF")
def document_pdf(version):
    # No link: stored files have no URL, the référent's pages serve them through the access gate.
    return document_stocke(version.document, version.document_empreinte)


@admin.display(description="exemplaire signé (PDF)")
def document_signe_pdf(version):
    return document_stocke(version.document_signe, version.document_signe_empreinte)


class VersionInline(LectureSeule, admin.TabularInline):
    model = VersionContrat
    fields = ["numero", "created_at", "soumise_par", "empreinte", "acceptee_le", document_pdf, document_signe_pdf]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class ActionInline(LectureSeule, admin.TabularInline):
    model = ActionPlan
    fields = ["type_action", "porteur", "description", "debut", "fin", "heures_hebdo", "statut"]
    readonly_fields = fields
    extra = 0


class HistoriqueInline(LectureSeule, admin.TabularInline):
    model = HistoriqueContrat
    fields = ["at", "user", "statut_avant", "statut_apres", "version", "motif"]
    readonly_fields = fields
    extra = 0


@admin.register(ContratEngagement)
class ContratEngagementAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    partie = PartieDossier.CONTRAT
    list_display = ["personne", "parcours", "organisme", "statut", "echeance_signature", "signe_le"]
    list_filter = ["statut", "parcours"]
    list_select_related = ["personne", "organisme"]
    search_fields = ["personne__nom_naissance", "personne__nom_usage", "organisme__nom"]
    inlines = [VersionInline, ActionInline, HistoriqueInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and super().has_view_permission(request, obj)


@admin.register(VersionContrat)
class VersionContratAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    chemin_personne = "contrat__personne"
    partie = PartieDossier.CONTRAT
    list_display = ["contrat", "numero", "created_at", "acceptee_le", "document_genere_le"]
    exclude = ["document", "document_signe"]
    readonly_fields = [document_pdf, document_signe_pdf]
    list_select_related = ["contrat__personne"]
    search_fields = ["empreinte", "document_empreinte"]
