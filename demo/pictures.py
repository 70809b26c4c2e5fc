"""
The demo's pictures, drawn with Pillow from a seed, a palette and a motif: no downloads, and the same seed
always draws the same picture.

A palette is four colours: three for the soft background, one for the light and the shapes of the motif.
`save()` puts a picture into the image library through the Image model, so metadata stripping and the
WebP renditions happen as for an editor's upload. The demo articles, the social demo and the benchmark's
seed (bench/seed.py) all draw here.
"""

import io
import math
import random

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from articles.models import Image

PORTRAIT_SIZE = (480, 480)
# The marks of X, Instagram, YouTube, TikTok and Facebook, for the speech bubbles.
PLATFORM_COLOURS = [(29, 155, 240), (225, 48, 108), (255, 0, 0), (37, 244, 238), (24, 119, 242)]


def draw(seed, palette, motif, size, label=""):
    """A gradient in the palette, the motif, and the label: the same seed always draws the same picture."""
    rng = random.Random(seed)
    canvas = mesh_gradient(rng, palette[:3], size).convert("RGBA")
    light = hex_rgb(palette[3])
    MOTIFS[motif][0](rng, canvas, light)
    if rng.random() < 0.5:
        canvas = ImageOps.mirror(canvas)
    draw_label(canvas, label, light)
    return canvas.convert("RGB")


def describe(motif, palette_name, label=""):
    """The alt text of a picture drawn by draw()."""
    words = f", with the word {label}" if label else ""
    return f"Illustration: {MOTIFS[motif][1]} on a {palette_name} background{words}"


def draw_portrait(name, colour):
    """Initials on a coloured circle: a stand-in for a photo of the author."""
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    w, h = PORTRAIT_SIZE
    picture = PILImage.new("RGB", PORTRAIT_SIZE, (246, 244, 241))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((0, 0, w - 1, h - 1), fill=hex_rgb(colour))
    draw.text((w / 2, h / 2), initials, font=font(round(h * 0.38)), fill=(255, 255, 255), anchor="mm")
    return picture


def save(picture, *, name, **fields):
    """Store a drawn picture in the image library; `fields` are the Image's (alt_text, caption, credit)."""
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=88)
    # Image.save() strips metadata and writes the WebP renditions, as for an editor's upload.
    return Image.objects.create(file=ContentFile(buffer.getvalue(), name=name), **fields)


# Drawing -----------------------------------------------------------------------------------------------------

MOTIFS = {}  # name: (how to draw it, what it shows, for the alt text)


def motif(name, shows, *, bokeh=0):
    """Make the drawing function below the motif `name`; `shows` says what it draws, for the alt text.

    `bokeh` circles of soft light are drawn behind the motif first.
    """

    def register(draw_motif):
        def draw_with_bokeh(rng, canvas, light):
            if bokeh:
                draw_bokeh(rng, canvas, light, count=bokeh)
            draw_motif(rng, canvas, light)

        MOTIFS[name] = (draw_with_bokeh, shows)
        return draw_motif

    return register


def hex_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def font(size):
    return ImageFont.load_default(size=size)


def mesh_gradient(rng, palette, size):
    """A soft multi-colour background: a few random colours on a coarse grid, smoothly enlarged."""
    colours = [hex_rgb(c) for c in palette]
    grid = PILImage.new("RGB", (4, 3))
    for x in range(4):
        for y in range(3):
            # Left-to-right drift from the first colour to the second, with the third sprinkled in.
            base = mix(colours[0], colours[1], (x + rng.uniform(-0.6, 0.6)) / 3)
            grid.putpixel((x, y), mix(base, colours[2], rng.uniform(0, 0.35)))
    return grid.resize(size, PILImage.Resampling.BICUBIC)


def glow_layer(size, colour, draw_shapes, blur):
    """Shapes in one colour drawn at a quarter of the size, blurred and enlarged: soft light for little work."""
    # Transparent pixels carry the same colour, or blurring would smear a dark rim around every shape.
    small = PILImage.new("RGBA", (size[0] // 4, size[1] // 4), (*colour, 0))
    draw_shapes(ImageDraw.Draw(small), 0.25)
    small = small.filter(ImageFilter.GaussianBlur(blur))
    return small.resize(size, PILImage.Resampling.BILINEAR)


def star_points(cx, cy, outer, inner, points=5, rotation=-math.pi / 2):
    return [
        (
            cx + (outer if i % 2 == 0 else inner) * math.cos(rotation + i * math.pi / points),
            cy + (outer if i % 2 == 0 else inner) * math.sin(rotation + i * math.pi / points),
        )
        for i in range(points * 2)
    ]


@motif("spotlights", "spotlight beams sweeping over a stage")
def draw_spotlights(rng, canvas, light):
    w, h = canvas.size
    beam = mix(light, (255, 255, 255), 0.5)

    def beams(draw, scale):
        for _ in range(rng.randint(2, 3)):
            top = rng.uniform(0.1, 0.9) * w * scale
            bottom = rng.uniform(0.15, 0.85) * w * scale
            spread = rng.uniform(0.1, 0.16) * w * scale
            draw.polygon(
                [(top - 3, 0), (top + 3, 0), (bottom + spread, h * scale), (bottom - spread, h * scale)],
                fill=(*beam, 120),
            )

    layer = glow_layer(canvas.size, beam, beams, 2)
    # Light fades with distance from the lamp: the beam's opacity falls from top to bottom.
    fade = PILImage.linear_gradient("L").transpose(PILImage.Transpose.FLIP_TOP_BOTTOM).resize(canvas.size)
    layer.putalpha(ImageChops.multiply(layer.getchannel("A"), fade.point(lambda v: 60 + v * 0.75)))
    canvas.alpha_composite(layer)
    floor = glow_layer(
        canvas.size,
        beam,
        lambda d, s: d.ellipse((w * 0.2 * s, h * 0.84 * s, w * 0.8 * s, h * 1.1 * s), fill=(*beam, 90)),
        3,
    )
    canvas.alpha_composite(floor)
    draw_bokeh(rng, canvas, light, count=10)


@motif("bokeh", "soft out-of-focus circles of light")
def draw_bokeh(rng, canvas, light, count=34):
    w, h = canvas.size

    def circles(draw, scale):
        for _ in range(count):
            r = rng.uniform(0.02, 0.09) * w * scale
            x, y = rng.uniform(0, w) * scale, rng.uniform(0, h) * scale
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*light, rng.randint(40, 120)))

    canvas.alpha_composite(glow_layer(canvas.size, light, circles, 2))


@motif("stars", "a large gold star among small sparkles", bokeh=12)
def draw_stars(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    big = rng.uniform(0.22, 0.3) * h
    cx, cy = rng.uniform(0.55, 0.75) * w, rng.uniform(0.38, 0.5) * h
    draw.polygon(star_points(cx + 12, cy + 14, big, big * 0.42), fill=(0, 0, 0, 60))
    draw.polygon(star_points(cx, cy, big, big * 0.42), fill=(*light, 235))
    for _ in range(9):
        r = rng.uniform(0.015, 0.04) * h
        x, y = rng.uniform(0.05, 0.95) * w, rng.uniform(0.05, 0.75) * h
        draw.polygon(star_points(x, y, r * 2, r * 0.35, points=4, rotation=0), fill=(*light, 200))


@motif("filmstrip", "a strip of film crossing the frame")
def draw_filmstrip(rng, canvas, light):
    w, h = canvas.size
    strip = PILImage.new("RGBA", (int(w * 1.6), int(h * 0.36)), (15, 15, 20, 225))
    draw = ImageDraw.Draw(strip)
    sw, sh = strip.size
    hole, gap = sh * 0.07, sh * 0.16
    for x in range(0, sw, int(gap)):
        for y in (sh * 0.06, sh * 0.94 - hole):
            draw.rounded_rectangle((x, y, x + hole * 1.3, y + hole), radius=4, fill=(*light, 210))
    frame = sh * 1.1
    for i, x in enumerate(range(int(sh * 0.1), sw, int(frame + sh * 0.08))):
        tint = mix(light, (255, 255, 255), (i % 3) / 4)
        draw.rectangle((x, sh * 0.2, x + frame, sh * 0.8), fill=(*tint, 95))
    strip = strip.rotate(rng.uniform(-16, -8), resample=PILImage.Resampling.BICUBIC, expand=True)
    canvas.alpha_composite(strip, (int(-w * 0.25), int(h * rng.uniform(0.05, 0.35))))


@motif("vinyl", "a vinyl record beside the bars of a sound meter")
def draw_vinyl(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    cx, cy, r = w * rng.uniform(0.62, 0.74), h * 0.5, h * rng.uniform(0.42, 0.5)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(18, 18, 22, 240))
    for groove in range(12, 100, 7):
        g = r * groove / 100
        draw.ellipse((cx - g, cy - g, cx + g, cy + g), outline=(70, 70, 80, 160), width=2)
    label = r * 0.3
    draw.ellipse((cx - label, cy - label, cx + label, cy + label), fill=(*light, 255))
    draw.ellipse((cx - 8, cy - 8, cx + 8, cy + 8), fill=(18, 18, 22, 255))
    bars = 22
    for i in range(bars):
        height = h * (0.08 + 0.35 * abs(math.sin(i * 0.7 + rng.uniform(0, 0.6))))
        x = w * 0.06 + i * w * 0.018
        draw.rounded_rectangle(
            (x, h * 0.6 - height / 2, x + w * 0.01, h * 0.6 + height / 2), radius=6, fill=(*light, 200)
        )


@motif("screen", "a glowing screen with a play button")
def draw_screen(rng, canvas, light):
    w, h = canvas.size

    def halo(draw, scale):
        draw.rounded_rectangle(
            (w * 0.3 * scale, h * 0.2 * scale, w * 0.8 * scale, h * 0.8 * scale), 20, fill=(*light, 160)
        )

    canvas.alpha_composite(glow_layer(canvas.size, light, halo, 12))
    draw = ImageDraw.Draw(canvas)
    box = (w * rng.uniform(0.34, 0.4), h * 0.22, w * rng.uniform(0.74, 0.8), h * 0.74)
    draw.rounded_rectangle(box, radius=28, fill=(12, 12, 16, 235), outline=(*light, 255), width=6)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    t = h * 0.09
    draw.polygon([(cx - t * 0.7, cy - t), (cx - t * 0.7, cy + t), (cx + t, cy)], fill=(*light, 255))
    draw.rounded_rectangle((box[0] + 40, box[3] - 40, box[2] - 40, box[3] - 30), radius=5, fill=(255, 255, 255, 60))
    progress = box[0] + 40 + (box[2] - box[0] - 80) * rng.uniform(0.2, 0.7)
    draw.rounded_rectangle((box[0] + 40, box[3] - 40, progress, box[3] - 30), radius=5, fill=(*light, 255))
    draw.rounded_rectangle((cx - w * 0.08, box[3] + 20, cx + w * 0.08, box[3] + 34), radius=7, fill=(12, 12, 16, 200))


@motif("runway", "a catwalk lined with lights")
def draw_runway(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    vanish = w * rng.uniform(0.45, 0.6)
    draw.polygon([(vanish - 30, h * 0.35), (vanish + 30, h * 0.35), (w * 0.82, h), (w * 0.18, h)], fill=(*light, 60))
    for i in range(9):
        t = (i + 1) / 10
        y = h * 0.35 + (h * 0.65) * t**1.6
        half = 30 + (w * 0.32 - 30) * t**1.6
        r = 3 + 14 * t**1.6
        for x in (vanish - half - 20 * t, vanish + half + 20 * t):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*light, 230))
    draw_bokeh(rng, canvas, light, count=10)
    arc = h * rng.uniform(0.5, 0.7)
    draw.arc((w * 0.6, -arc * 0.6, w * 0.6 + arc * 1.6, arc), 90, 200, fill=(*light, 160), width=10)


@motif("hearts", "hearts of different sizes among soft lights", bokeh=18)
def draw_hearts(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    for i in range(rng.randint(3, 5)):
        size = h * (0.34 if i == 0 else rng.uniform(0.06, 0.14))
        cx = w * (0.68 if i == 0 else rng.uniform(0.1, 0.95))
        cy = h * (0.45 if i == 0 else rng.uniform(0.1, 0.6))
        alpha = 235 if i == 0 else 170
        r = size / 2
        draw.ellipse((cx - size, cy - r, cx, cy + r), fill=(*light, alpha))
        draw.ellipse((cx, cy - r, cx + size, cy + r), fill=(*light, alpha))
        draw.polygon(
            [(cx - size * 0.96, cy + r * 0.3), (cx + size * 0.96, cy + r * 0.3), (cx, cy + size * 1.25)],
            fill=(*light, alpha),
        )


@motif("waves", "layered waves under a low sun")
def draw_waves(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    for i in range(5):
        base = h * (0.45 + i * 0.11)
        amplitude, phase, length = h * rng.uniform(0.03, 0.07), rng.uniform(0, 6.3), w / rng.uniform(0.8, 1.6)
        top = [(x, base + amplitude * math.sin(phase + 2 * math.pi * x / length)) for x in range(0, w + 40, 40)]
        draw.polygon([*top, (w, h), (0, h)], fill=(*mix(light, (255, 255, 255), i / 6), 60 + i * 25))
    sun = h * rng.uniform(0.12, 0.17)
    cx, cy = w * rng.uniform(0.6, 0.8), h * rng.uniform(0.22, 0.32)
    draw.ellipse((cx - sun, cy - sun, cx + sun, cy + sun), fill=(*light, 230))


@motif("drops", "glossy droplets of serum", bokeh=16)
def draw_drops(rng, canvas, light):
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    for _ in range(rng.randint(5, 8)):
        r = h * rng.uniform(0.04, 0.13)
        cx, cy = w * rng.uniform(0.35, 0.95), h * rng.uniform(0.15, 0.8)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*light, 110), outline=(255, 255, 255, 200), width=4)
        draw.ellipse((cx - r * 0.55, cy - r * 0.6, cx - r * 0.15, cy - r * 0.25), fill=(255, 255, 255, 190))


@motif("speech-bubbles", "outlined speech bubbles in the colours of social networks")
def draw_speech_bubbles(rng, canvas, light):
    """Outlined speech bubbles in the colours of the social networks (and the palette's light)."""
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    colours = [*PLATFORM_COLOURS, light]
    for _ in range(14):
        size = h * rng.uniform(0.09, 0.29)
        x, y = rng.uniform(-0.05, 0.95) * w, rng.uniform(-0.05, 0.9) * h
        colour = (*rng.choice(colours), 235)
        line = max(2, round(h / 90))
        draw.rounded_rectangle((x, y, x + size * 1.6, y + size), radius=size / 3, outline=colour, width=line)
        tail = [(x + size / 3, y + size), (x + size / 2, y + size * 4 / 3), (x + size / 1.5, y + size)]
        draw.polygon(tail, fill=colour)


@motif("rings", "overlapping outlined rings")
def draw_rings(rng, canvas, light):
    """Overlapping outlined rings in a band that zigzags across the frame."""
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(h / 150))
    for x in range(0, w, max(1, w // 20)):
        top = h * (0.22 + 0.44 * ((x / w * 5) % 1)) + rng.uniform(-0.02, 0.02) * h
        ring = h * rng.uniform(0.3, 0.36)
        draw.ellipse((x, top, x + ring, top + ring), outline=(*light, 230), width=line)


def draw_label(canvas, text, light):
    """The section name, bottom left, on a dark band so it reads on any background."""
    if not text:
        return
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    face = font(round(h * 0.075))
    left, top, right, bottom = draw.textbbox((0, 0), text.upper(), font=face)
    pad, x, y = h * 0.03, w * 0.05, h * 0.9 - (bottom - top)
    draw.rectangle((x - pad, y - pad + top, x + right + pad, y + bottom + pad), fill=(10, 10, 14, 190))
    draw.rectangle((x - pad, y - pad + top - 8, x + right + pad, y - pad + top), fill=(*light, 255))
    draw.text((x, y), text.upper(), font=face, fill=(255, 255, 255, 255))
