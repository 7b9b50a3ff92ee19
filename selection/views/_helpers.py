"""What the selection views share."""

from django.http import Http404

from ..models import ListKind


def list_kind(kind):
    if kind not in ListKind.values:
        raise Http404
    return ListKind(kind)
