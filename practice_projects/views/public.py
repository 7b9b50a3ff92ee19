"""The public pages: the list of approved projects and each project's page."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.models import Campaign, Department

from .. import selectors

PAGE_SIZE = 20


class PublicFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Unit kind"), required=False, choices=[("", _("All")), *Department.Kind.choices]
    )
    progress = forms.ChoiceField(
        label=_("Progress"),
        required=False,
        choices=[
            ("", _("All")),
            (selectors.Progress.ON_TRACK, _("On track")),
            (selectors.Progress.DELAYED, _("Delayed")),
            (selectors.Progress.DONE, _("Done")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, campaign, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        themes = [(t, t) for t in (campaign.themes or [])] if campaign else []
        self.fields["theme"].choices = [
            ("", _("All")),
            *themes,
            (selectors.INDICATOR_THEME, _("City-to-county indicator")),
        ]
        self.fields["unit"].choices = [("", _("All")), *[(u.pk, u.short_name) for u in units]]


def public_list(request):
    years = list(Campaign.objects.order_by("-year").values_list("year", flat=True))
    campaign = Campaign.objects.running()
    year = request.GET.get("year")
    if year and year.isdigit() and int(year) in years:
        campaign = Campaign.objects.get(year=int(year))
    context = {"campaign": campaign, "page": None}
    if campaign is not None:
        units = list(selectors.public_departments(campaign))
        form = PublicFilterForm(
            request.GET or None,
            campaign=campaign,
            years=years,
            units=units,
            initial={"year": campaign.year},
        )
        filters = form.cleaned_data if form.is_valid() else {}
        projects = selectors.public_projects(
            campaign,
            today=timezone.localdate(),
            theme=filters.get("theme", ""),
            department_id=filters.get("unit"),
            kind=filters.get("kind", ""),
            progress=filters.get("progress", ""),
            q=(filters.get("q") or "").strip(),
        )
        context["page"] = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
        context["form"] = form
    return render(request, "practice_projects/public_list.html", context)


def public_detail(request, pk, revision=None):
    context = selectors.public_project(pk, today=timezone.localdate(), revision=revision)
    return render(request, "practice_projects/public_detail.html", context)
