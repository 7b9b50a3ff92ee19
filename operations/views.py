from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 only when every configured check passes; 503
    naming what failed otherwise. Reads no session and no user: it must answer quickly."""
    results = health.run_checks()
    failed = [name for name, (ok, _detail) in results.items() if not ok]
    body = {
        "status": "ok" if not failed else "fail",
        "checks": {name: detail for name, (_ok, detail) in results.items()},
        "failed": failed,
        "message": _("Everything is working.")
        if not failed
        else _("Not working: %(names)s.") % {"names": ", ".join(failed)},
    }
    return JsonResponse(
        body, status=200 if not failed else 503, json_dumps_params={"ensure_ascii": False}
    )
