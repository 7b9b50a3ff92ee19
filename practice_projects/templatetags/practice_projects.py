from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    """15.5000 → 15.5, 100.0000 → 100 (never 1E+2)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else value
