import pytest

from demo import content, pictures

PALETTE = content.read("articles")["sections"][0]["palette"]


def test_the_same_slug_always_draws_the_same_picture():
    first = pictures.draw("raat-rani", PALETTE, "spotlights", (320, 180), label="Bollywood")
    second = pictures.draw("raat-rani", PALETTE, "spotlights", (320, 180), label="Bollywood")
    other = pictures.draw("meri-jaan", PALETTE, "spotlights", (320, 180), label="Bollywood")

    assert first.tobytes() == second.tobytes()
    assert first.tobytes() != other.tobytes()


@pytest.mark.parametrize("motif", list(pictures.MOTIFS))
def test_every_motif_draws_a_picture_of_the_size_asked_for(motif):
    plain = pictures.draw("seed", PALETTE, "bokeh", (320, 180))

    picture = pictures.draw("seed", PALETTE, motif, (320, 180))

    assert (picture.mode, picture.size) == ("RGB", (320, 180))
    assert motif == "bokeh" or picture.tobytes() != plain.tobytes()


def test_a_description_names_the_motif_the_palette_and_the_label():
    assert pictures.describe("rings", "cinema red", label="Music") == (
        "Illustration: overlapping outlined rings on a cinema red background, with the word Music"
    )
    assert pictures.describe("speech-bubbles", "dark plum") == (
        "Illustration: outlined speech bubbles in the colours of social networks on a dark plum background"
    )


@pytest.mark.django_db
def test_a_saved_picture_is_in_the_image_library_with_its_renditions_on_disk(
    media_root, django_capture_on_commit_callbacks, run_tasks
):
    picture = pictures.draw("seed", PALETTE, "rings", (1600, 900))

    with django_capture_on_commit_callbacks(execute=True):
        image = pictures.save(picture, name="rings.jpg", alt_text="Rings", caption="A caption", credit="Newsroom")
    run_tasks()
    image.refresh_from_db()

    assert (image.width, image.height, image.alt_text, image.credit) == (1600, 900, "Rings", "Newsroom")
    assert (media_root / image.file.name).is_file()
    assert [r.width for r in image.renditions] == [480, 800, 1200, 1600]
    for rendition in image.renditions:
        assert (media_root / rendition.url.removeprefix("/media/")).is_file()
