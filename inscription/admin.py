"""Admin: start a CAF/MSA import by upload, follow its progress, download its rejected lines."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from francetravail.audit.enums import PartieDossier
from francetravail.base import csv_sur
from francetravail.base.admin import LectureSeule, ReserveSuperutilisateur
from francetravail.base.televersement import refus_televersement, taille_lisible, televersement_limite
from francetravail.personnes.admin_acces import AccesDossierAdmin
from inscription.actions import ecarter_doublon, lancer_import_flux_caf
from inscription.enums import FormatFlux, ResultatLigne, StatutDoublon
from inscription.flux.detection import format_du_fichier
from inscription.flux.modele import FormatInvalide
from inscription.fusion import FusionImpossible, fusionner
from inscription.models import CorrespondanceColonnes, DossierInscription, DoublonPotentiel, DroitRSA, ImportFluxCAF


class ImportFluxCAFForm(forms.Form):
    fichier = forms.FileField(label="Fichier du flux CAF/MSA")
    correspondance = forms.ModelChoiceField(
        label="Correspondance de colonnes",
        queryset=CorrespondanceColonnes.objects.select_related("departement"),
        required=False,
        empty_label="— Aucune (flux XML, ou CSV historique de la plateforme) —",
        help_text="Pour un export CSV ou XLSX d'un département : la correspondance de ses colonnes.",
    )

    def __init__(self, *args, refus=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A file refused for its size never reached the form (televersement.LimiteTaille): say why.
        self.refus = refus
        self.fields["fichier"].required = not refus
        self.fields["fichier"].help_text = (
            "Flux XML « bénéficiaires RSA » de la CNAF (VRSB0801 ou VRSD0301, reconnu par son contenu), "
            "export CSV ou XLSX lu selon une correspondance de colonnes, ou CSV historique de la plateforme "
            f"(inscription/docs/format_flux_caf.md) ; {taille_lisible(settings.FLUX_CAF_TAILLE_MAX)} au plus."
        )

    def clean_fichier(self):
        if self.refus:
            raise forms.ValidationError(self.refus)
        fichier = self.cleaned_data["fichier"]
        if not fichier.name.lower().endswith((".csv", ".xml", ".xlsx", ".txt")):
            raise forms.ValidationError("Le fichier doit être un flux XML, un CSV ou un classeur XLSX.")
        return fichier

    def clean(self):
        donnees = super().clean()
        fichier = donnees.get("fichier")
        if fichier is None:
            return donnees
        try:
            format_flux = format_du_fichier(fichier)
        except FormatInvalide as exc:
            raise forms.ValidationError(
                f"Ce fichier XML n'est pas un flux « bénéficiaires RSA » lisible : {exc}"
            ) from None
        correspondance = donnees.get("correspondance")
        if format_flux == FormatFlux.TABLEUR and correspondance is None:
            if fichier.name.lower().endswith(".xlsx"):
                raise forms.ValidationError("Choisissez la correspondance de colonnes de ce classeur XLSX.")
            format_flux = FormatFlux.CSV_PLATEFORME  # the historical CSV, read by its own checks
        donnees["format"] = format_flux
        if format_flux != FormatFlux.TABLEUR:
            donnees["correspondance"] = None
        return donnees


@admin.register(ImportFluxCAF)
class ImportFluxCAFAdmin(ReserveSuperutilisateur, admin.ModelAdmin):  # rejected lines: NIRs of every département
    list_display = ["cree_le", "nom_fichier", "statut", "avancement", "nb_creees", "nb_mises_a_jour", "nb_rejetees"]
    list_filter = ["statut"]
    readonly_fields = [
        "nom_fichier",
        "empreinte",
        "statut",
        "avancement",
        "nb_lignes",
        "nb_traitees",
        "nb_creees",
        "nb_mises_a_jour",
        "nb_inchangees",
        "nb_rejetees",
        "nb_cloturees",
        "nb_ignorees",
        "format",
        "correspondance",
        "departement",
        "type_flux",
        "date_flux",
        "date_reference",
        "rapport",
        "erreur",
        "encodage",
        "tentatives",
        "derniere_ligne",
        "lance_par",
        "cree_le",
        "debut",
        "fin",
        "actif_le",
    ]
    exclude = ["fichier"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/rejets.csv", self.admin_site.admin_view(self.rejets_csv), name="inscription_import_rejets"),
            *super().get_urls(),
        ]

    @admin.display(description="avancement")
    def avancement(self, obj):
        return format_html(
            '<progress max="100" value="{}" aria-label="Avancement de l\'import">{} %</progress> {} %',
            obj.progression,
            obj.progression,
            obj.progression,
        )

    @admin.display(description="rapport des lignes rejetées")
    def rapport(self, obj):
        if not obj.nb_rejetees:
            return "Aucune ligne rejetée."
        url = reverse("admin:inscription_import_rejets", args=[obj.pk])
        return format_html('<a href="{}">Télécharger les {} ligne(s) rejetée(s) (CSV)</a>', url, obj.nb_rejetees)

    # The file is refused while it arrives past FLUX_CAF_TAILLE_MAX, before it is stored.
    @televersement_limite(lambda: settings.FLUX_CAF_TAILLE_MAX)
    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        envoi = request.method == "POST"
        form = ImportFluxCAFForm(
            request.POST if envoi else None,
            request.FILES if envoi else None,
            refus=refus_televersement(request, "fichier"),
        )
        if envoi and form.is_valid():
            fichier, correspondance = form.cleaned_data["fichier"], form.cleaned_data["correspondance"]
            imp = lancer_import_flux_caf(
                fichier,
                nom_fichier=fichier.name,
                acting_user=request.user,
                format=form.cleaned_data["format"],
                departement=correspondance.departement if correspondance else None,
                correspondance=correspondance,
            )
            messages.success(request, f"Import n° {imp.pk} lancé : suivez son avancement sur cette page.")
            return redirect("admin:inscription_importfluxcaf_change", imp.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Importer un fichier du flux CAF/MSA",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/inscription/importfluxcaf/import.html", context)

    def rejets_csv(self, request, pk):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        imp = get_object_or_404(ImportFluxCAF, pk=pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="rejets-import-{imp.pk}.csv"'
        response.write("\ufeff")  # spreadsheet software reads UTF-8 with a BOM
        writer = csv_sur.writer(response, delimiter=";")
        writer.writerow(["ligne", "motif", "contenu"])
        for rejet in imp.lignes.filter(resultat=ResultatLigne.REJETEE):
            writer.writerow([rejet.numero_ligne, rejet.motif, rejet.contenu])
        return response


@admin.register(DossierInscription)
class DossierInscriptionAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    """Read through the access gate; written by the registration's actions (online, desk, CAF/MSA flow)."""

    partie = PartieDossier.IDENTITE
    list_display = ["personne", "canal", "categorie", "statut", "inscrit_le"]
    list_filter = ["canal", "categorie", "statut"]
    list_select_related = ["personne"]
    raw_id_fields = ["personne", "organisation"]
    # The NIR is never shown in full nor searchable outside the référent organisation.
    exclude = ["nir"]
    readonly_fields = ["nir_masque"]
    show_full_result_count = False


@admin.register(DroitRSA)
class DroitRSAAdmin(AccesDossierAdmin, LectureSeule, admin.ModelAdmin):
    """Read through the access gate; written by the CAF/MSA flow import."""

    partie = PartieDossier.SYNTHESE
    list_display = ["numero_allocataire", "organisme_payeur", "role", "personne", "date_ouverture"]
    list_filter = ["organisme_payeur", "role"]
    list_select_related = ["personne"]
    raw_id_fields = ["personne", "import_source"]
    show_full_result_count = False


@admin.register(DoublonPotentiel)
class DoublonPotentielAdmin(AccesDossierAdmin, admin.ModelAdmin):
    """A pair is listed only when the gate opens both files; deciding it needs ``change_doublonpotentiel``."""

    partie = PartieDossier.IDENTITE
    autres_chemins_personne = ("autre",)
    list_display = ["cree_le", "personne", "autre", "motif", "statut", "examine_par"]
    list_filter = ["statut"]
    list_select_related = ["personne", "autre", "examine_par"]
    raw_id_fields = ["personne", "autre", "examine_par"]
    readonly_fields = ["personne", "autre", "motif", "statut", "examine_par", "examine_le", "cree_le"]
    actions = ["ecarter", "fusionner_en_gardant_l_existant"]

    def has_add_permission(self, request):
        return False

    def has_traiter_permission(self, request):
        return request.user.has_perm("inscription.change_doublonpotentiel")

    @admin.action(description="Écarter : ce sont deux personnes distinctes", permissions=["traiter"])
    def ecarter(self, request, queryset):
        for doublon in queryset.filter(statut=StatutDoublon.A_EXAMINER):
            ecarter_doublon(doublon, acting_user=request.user)
        messages.success(request, "Les doublons sélectionnés ont été écartés.")

    @admin.action(
        description="Fusionner : garder le dossier existant et y verser le dossier récent", permissions=["traiter"]
    )
    def fusionner_en_gardant_l_existant(self, request, queryset):
        for doublon in queryset.filter(statut=StatutDoublon.A_EXAMINER).select_related("autre"):
            try:
                fusionner(doublon, garder=doublon.autre, acting_user=request.user)
            except FusionImpossible as exc:
                messages.error(request, f"{doublon} : {exc}")
            else:
                messages.success(request, f"Dossiers fusionnés dans celui de {doublon.autre}.")
