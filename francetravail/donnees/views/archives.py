"""The back-office « Archives » pages of the data protection officer (``Role.PROTECTION_DONNEES``):
find an archived file by name and birth date, open it with a written reason, read it (read-only).

The file is shown in the answer to the POST that records the reason, never at an address of its own:
each reading is one reason, one access-log row and one audit event (francetravail/donnees/archives.py).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.donnees import archives as regles
from francetravail.donnees.forms_archives import MotifConsultationForm, RechercheArchiveForm
from francetravail.personnes import synthese
from francetravail.personnes.models import Personne
from francetravail.personnes.queries import chronologie, libelle_evenement
from francetravail.reseau.enums import Role

ROLES = {Role.PROTECTION_DONNEES}
EVENEMENTS_AFFICHES = 50
_PK_MAX = 2**63 - 1


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def archives(request):
    form = RechercheArchiveForm(request.GET or None)
    resultats = None
    if form.is_valid():
        resultats = regles.rechercher(request.user, **form.cleaned_data)
    return render(request, "donnees/archives/recherche.html", {"form": form, "resultats": resultats})


def _archive_ou_404(pk):
    """404 unless ``pk`` is an archived file. Nothing of the file is shown before the reason (not even its
    name: walking the ids would otherwise list the archive unlogged)."""
    if not 0 < pk <= _PK_MAX or not regles.archives().filter(pk=pk).exists():
        raise Http404


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES)
def archive(request, pk):
    _archive_ou_404(pk)
    form = MotifConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personne = regles.consulter(pk, acting_user=request.user, motif=form.cleaned_data["motif"])
        except Personne.DoesNotExist:
            raise Http404 from None  # anonymised or un-archived between the two reads
        except ValidationError as exc:
            reporter(form, exc)
        else:
            # The kinds of events the file's readers see only with a special role (health, justice…) stay out.
            evenements = chronologie(personne.pk, caches=synthese.genres_restreints())[:EVENEMENTS_AFFICHES]
            return render(
                request,
                "donnees/archives/dossier.html",
                {
                    "personne": personne,
                    "motif": form.cleaned_data["motif"],
                    "evenements": [libelle_evenement(ligne) for ligne in evenements],
                },
            )
    return render(request, "donnees/archives/motif.html", {"pk": pk, "form": form})
