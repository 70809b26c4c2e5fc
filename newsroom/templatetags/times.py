from django import template

from newsroom.times import machine_time as machine_time_string

register = template.Library()


@register.filter
def machine_time(value):
    """`<time datetime="{{ article.published_at|machine_time }}">`: a time HTML accepts (newsroom/times.py).

    In the project rather than an app, so that every app's templates can load it (social's post cards
    too) without a dependency against comments → articles → social.
    """
    return machine_time_string(value)
