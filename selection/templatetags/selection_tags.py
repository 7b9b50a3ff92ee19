from django import template

from ..models import signed as signed_points

register = template.Library()


@register.filter
def signed(points):
    """+3, +0.5, -1: points with their sign and no trailing zeros."""
    return signed_points(points)
