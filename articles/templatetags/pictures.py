from django import template

from articles.images import picture_tag

register = template.Library()


@register.simple_tag
def picture(image, sizes, eager=False, shape=None):
    """`{% picture article.hero_image "(min-width: 48rem) 20rem, 100vw" shape="16:9" %}`: an image's <picture>
    with AVIF, WebP and JPEG renditions; `shape` a crop around its focal point ("16:9", "4:3", "1:1"), the
    picture's own shape without it.

    A tag rather than an included template: lists render dozens of pictures, and an include per
    picture cost more than the rest of the list item.
    """
    return picture_tag(image, sizes=sizes, eager=eager, shape=shape)
