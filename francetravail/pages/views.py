from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from francetravail.api_erreurs import reponse_probleme, vise_l_api
from francetravail.comptes.decorators import public
from francetravail.pages.health import etat_base, etat_redis, etat_worker


@public
def accueil(request):
    return render(request, "pages/accueil.html")


@public
def accessibilite(request):
    return render(request, "pages/accessibilite.html")


@public
def mentions_legales(request):
    return render(request, "pages/mentions_legales.html")


@public
def donnees_personnelles(request):
    return render(request, "pages/donnees_personnelles.html")


@public
def plan_du_site(request):
    return render(request, "pages/plan_du_site.html")


@public
def apres_connexion(request):
    """Sends each kind of account to its own space after login."""
    user = request.user
    if not user.is_authenticated:
        return redirect("account_login")
    if user.est_personne:
        return redirect("personnes:espace")
    if user.est_employeur:
        return redirect("entreprises:espace")
    if user.est_professionnel:
        return redirect("backoffice:accueil")
    return redirect("admin:index") if user.is_staff else redirect("pages:accueil")


@public
@never_cache
@require_GET
def healthz(request):
    redis = etat_redis()
    # The heartbeat lives in Redis: with Redis down the worker's state is unknown.
    worker = etat_worker() if redis[0] else (False, "inconnu : Redis injoignable")
    checks = {"database": etat_base(), "redis": redis, "worker": worker}
    body = {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()}
    # Only the database makes the web process unhealthy (503: take it out of the load
    # balancer). Redis down degrades the service (caches read from the database, login
    # limits counted per process, tasks waiting for the sweeps) but every page still
    # answers; the worker down delays mail (it waits in the outbox).
    healthy = checks["database"][0]
    body["status"] = "ok" if all(ok for ok, _ in checks.values()) else ("degraded" if healthy else "down")
    return JsonResponse(body, status=200 if healthy else 503)


def erreur_404(request, exception=None):
    if vise_l_api(request):
        return reponse_probleme(404, "Aucune ressource de l'API à cette adresse.")
    return render(request, "404.html", status=404)


def erreur_500(request):
    if vise_l_api(request):
        return reponse_probleme(500, "Erreur interne du service : réessayez plus tard. L'équipe en est avertie.")
    return render(request, "500.html", status=500)
