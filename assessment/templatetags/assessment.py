from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def points(value):
    """A score as people write it: 2.5, -2, 0 (never 2.50 or 1E+1)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return value
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
