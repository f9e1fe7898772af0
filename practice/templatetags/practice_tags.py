"""Template tags of the trainer: the panel on the student home and small helpers of its pages."""

from django import template

from quizzes import maps

from .. import selectors

register = template.Library()


@register.inclusion_tag("practice/includes/panel.html", takes_context=True)
def practice_panel(context):
    """The day's reviews, streak and retention, with a link to practise (student home)."""
    user = context["request"].user
    return {"day": selectors.day(user) if user.is_authenticated else None}


@register.simple_tag
def field_name(prefix, key):
    return f"{prefix}{key}"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, "")


@register.simple_tag
def quiz_basemap():
    """The quizzes' clickable map of the region (basemap, projection, graticule)."""
    return maps.quiz_map()
