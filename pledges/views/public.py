"""What anyone may read without logging in: published pledges, their PDF and the Atom feed."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from efficiency_center.documents import pdf_response, render_pdf

from .. import selectors
from ..forms import PublicFilterForm

PAGE_SIZE = 20


def public_list(request):
    campaigns = selectors.public_campaigns()
    form = PublicFilterForm(request.GET or None, campaigns=campaigns)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a bad value drops that filter only: cleaned_data keeps the valid ones
        filters = form.cleaned_data
    campaign = next((c for c in campaigns if c.year == filters.get("year")), None)
    campaign = campaign or (campaigns[0] if campaigns else None)
    page = None
    if campaign is not None:
        pledges = selectors.public_pledges(
            campaign=campaign,
            kind=filters.get("kind", ""),
            focus_area=filters.get("focus", ""),
            q=filters.get("q", "").strip(),
        )
        page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "pledges/public_list.html", {"form": form, "campaign": campaign, "page": page}
    )


def _public_or_404(pk):
    data = selectors.public_pledge(pk)
    if data is None:
        raise Http404
    return data


def public_detail(request, pk):
    return render(request, "pledges/public_detail.html", _public_or_404(pk))


def public_pdf(request, pk):
    data = _public_or_404(pk)
    pledge = data["pledge"]
    pdf = render_pdf("pledges/pledge_pdf.html", data, request=request)
    filename = _("%(department)s public pledge %(year)s (revision %(revision)s).pdf") % {
        "department": pledge.department.name,
        "year": pledge.campaign.year,
        "revision": pledge.revision,
    }
    return pdf_response(pdf, filename)


class PledgeFeed(Feed):
    """Newly published pledges and corrections."""

    feed_type = Atom1Feed
    title = gettext_lazy("Public pledges")
    subtitle = gettext_lazy("Pledges newly published by the county's departments and units.")

    def link(self):
        return reverse("pledges:public_list")

    def items(self):
        return selectors.feed_pledges()

    def item_title(self, pledge):
        return str(pledge)

    def item_description(self, pledge):
        # Atom's summary is typed html: escaped lines, one paragraph each.
        lines = [pledge.opening]
        lines += [f"{item.position}. {item.text}" for item in pledge.items.all()]
        lines.append(pledge.closing)
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    def item_link(self, pledge):
        return pledge.get_public_url()

    def item_pubdate(self, pledge):
        return pledge.published_at

    def item_updateddate(self, pledge):
        return pledge.published_at

    def item_author_name(self, pledge):
        return pledge.department.name
