from django import template

from articles.images import picture_tag

register = template.Library()


@register.simple_tag
def picture(image, sizes, eager=False):
    """`{% picture article.hero_image "(min-width: 48rem) 20rem, 100vw" %}`: an image's responsive <img>.

    A tag rather than an included template: lists render dozens of pictures, and an include per
    picture cost more than the rest of the list item.
    """
    return picture_tag(image, sizes=sizes, eager=eager)
