"""Word rules that cannot be worded past: folding, whole words still, what the moderator sees, duplicates."""

import pytest
from django.test import Client

from articles.tests.builders import make_article
from comments import folding, pipeline
from comments.models import Comment, CommentEvent, WordRule
from comments.tests.builders import form_data, make_comment, make_moderator

RULES = ("idiot", "ass", "shit", "cunt", "dick", "cock", "rapist", "tit", "kill yourself")


def first_rule(value, rules=RULES):
    return folding.Rules(rules).search(folding.fold(value))


# Folding: each family of disguise from the issue ----------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("ｉｄｉｏｔ", id="fullwidth"),
        pytest.param("IDIOT", id="capitals"),
        pytest.param("іdіоt", id="Cyrillic look-alikes"),
        pytest.param("ΙDΙΟt", id="Greek capitals"),
        pytest.param("𝐢𝐝𝐢𝐨𝐭", id="mathematical bold"),
        pytest.param("𝓲𝓭𝓲𝓸𝓽", id="mathematical script"),
        pytest.param("ïdíöt", id="precomposed accents"),
        pytest.param("i\u0301d\u0308i\u0300o\u0302t\u0303", id="combining accents"),
        pytest.param("i\u0336d\u0336i\u0336o\u0336t\u0336", id="struck through"),
        pytest.param("i d i o t", id="spaced"),
        pytest.param("i.d.i.o.t", id="dotted"),
        pytest.param("i-d-i-o-t", id="hyphenated"),
        pytest.param("i_d_i_o_t", id="underscored"),
        pytest.param("i. d. i. o. t.", id="dots and spaces"),
        pytest.param("1d10t", id="leetspeak digits"),
        pytest.param("!d!0t", id="leetspeak signs"),
        pytest.param("1 d 1 0 t", id="spaced leetspeak"),
        pytest.param("id\u200diot", id="zero-width joiner"),
    ],
)
def test_every_disguise_of_a_word_folds_back_to_it(written):
    assert first_rule(f"You are an {written}, frankly.") == folding.Match(rule="idiot", written=written.strip("."))


def test_spaced_letters_beside_a_single_letter_word_are_still_caught():
    """A run joins every single letter in a row ("a" too); a rule may match any letters of the run."""
    assert first_rule("You are a i d i o t") == folding.Match(rule="idiot", written="i d i o t")
    assert first_rule("what a s.h.i.t film") == folding.Match(rule="shit", written="s.h.i.t")


def test_folding_turns_look_alikes_accents_and_spaced_letters_into_plain_letters():
    assert folding.fold("ｉｄｉｏｔ").text == "idiot"
    assert folding.fold("іdіоt").text == "idiot"
    assert folding.fold("𝐈𝐃𝐈𝐎𝐓").text == "idiot"
    assert folding.fold("ïdíöt").text == "idiot"
    assert folding.fold("Straße").text == "strasse"
    assert folding.fold("say i d i o t now").text == "say idiot now"


def test_folding_keeps_other_scripts_as_they_are_spelled():
    """Marks on Devanagari or Tamil letters are part of the word; digits of other scripts stay digits."""
    assert folding.fold("पिक्चर बहुत अच्छी है").text == "पिक्चर बहुत अच्छी है"
    assert folding.fold("வணக்கம்").text == "வணக்கம்"
    assert folding.fold("سعر ٥٠").text == "سعر ٥٠"
    assert folding.fold("한국 영화").text == "한국 영화"


def test_folding_remembers_where_each_letter_was_written():
    folded = folding.fold("Oh, і d і о t!")

    assert folded.text == "oh, idiot!"
    assert folded.as_written(4, 9) == "і d і о t"


def test_leetspeak_signs_and_spaced_words_in_phrases_are_caught():
    assert first_rule("a$$") == folding.Match(rule="ass", written="a$$")
    assert first_rule("you @ss") == folding.Match(rule="ass", written="@ss")
    assert first_rule("sh!t!") == folding.Match(rule="shit", written="sh!t")
    assert first_rule("Go K1LL-y0urself") == folding.Match(rule="kill yourself", written="K1LL-y0urself")


def test_a_rule_written_with_look_alikes_or_digits_is_folded_the_same_way():
    assert first_rule("what an idiot", rules=("ＩＤＩＯＴ",)) == folding.Match(rule="ＩＤＩＯＴ", written="idiot")
    assert first_rule("what an idiot", rules=("1d10t",)) == folding.Match(rule="1d10t", written="idiot")


# Still on word boundaries: the innocent list ----------------------------------------------------------

INNOCENT = [
    "Scunthorpe",
    "classic",
    "assessment",
    "passage",
    "Dickens",
    "cocktail",
    "therapist",
    "titanic",
    "shitake",
    "Essex",
    "assassin",
    "Penistone",
    "a 1 in 10 chance",
    "I'd do it again",
    "5 stars from me",
    "Plan B was a success",
    "The U.S.A. and the U.K.",
    "Section A, B and C",
    "From A to Z of it",
    "I, a fan, say so",
    "I give it 8/10, 4.5 out of 5",
    "Great!!! Loved it :)",
    "@asha you are right",
    "Idiotic plot, idiots everywhere",
    "Shitty weather, good film",
    "A classic cocktail of assessment and therapy in Scunthorpe",
    "पिक्चर बहुत अच्छी है",
    "Beyoncé's best, naïve and façade",
    "Ｔｈｅ ｂｅｓｔ ｆｉｌｍ",
    "It costs $5 or 4€",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_words_and_sentences_match_no_rule(text):
    assert first_rule(text) is None


# Through the pipeline and the public comment form ----------------------------------------------------


@pytest.mark.django_db
def test_a_disguised_banned_word_is_refused_and_the_reason_names_the_rule_and_the_word_as_written(client):
    WordRule.objects.create(word="idiot", kind=WordRule.Kind.BANNED)
    article = make_article()

    response = client.post(
        f"/comments/article/{article.pk}/post/", form_data(article, text="The referee is an іdіоt."), follow=True
    )

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REJECTED
    assert comment.rule == "banned_word"
    assert comment.reason == "rejected: banned word 'idiot' written as 'іdіоt'"
    assert list(CommentEvent.objects.values_list("reason", flat=True)) == [
        "rejected: banned word 'idiot' written as 'іdіоt'"
    ]
    assert "Sorry, your comment was not published: it breaks our comment rules." in response.content.decode()


@pytest.mark.django_db
def test_a_spaced_out_suspect_word_is_held_and_the_moderator_sees_both_spellings(client):
    WordRule.objects.create(word="scumbag", kind=WordRule.Kind.SUSPECT)
    article = make_article()

    client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="What a s.c.u.m.b.a.g move."))

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    assert comment.reason == "held: suspect word 'scumbag' written as 's.c.u.m.b.a.g'"
    moderator = Client()
    moderator.force_login(make_moderator())
    html = moderator.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "held: suspect word &#x27;scumbag&#x27; written as &#x27;s.c.u.m.b.a.g&#x27;" in html


@pytest.mark.django_db
def test_a_word_written_plainly_keeps_the_short_reason():
    WordRule.objects.create(word="idiot", kind=WordRule.Kind.BANNED)
    sub = pipeline.Submission(article=make_article(), name="Asha", email="a@example.com", text="What an IDIOT!")

    assert pipeline.banned_word(sub).reason == "rejected: banned word 'idiot'"


@pytest.mark.django_db
def test_a_disguised_word_in_the_name_is_caught_too():
    WordRule.objects.create(word="idiot", kind=WordRule.Kind.BANNED)
    sub = pipeline.Submission(article=make_article(), name="ｉｄｉｏｔ", email="a@example.com", text="Nice film")

    assert pipeline.banned_word(sub).reason == "rejected: banned word 'idiot' written as 'ｉｄｉｏｔ'"


@pytest.mark.django_db
def test_a_moderators_new_rule_counts_from_the_next_comment():
    article = make_article()

    def submission():
        return pipeline.Submission(article=article, name="Asha", email="a@example.com", text="s c u m")

    assert pipeline.suspect_word(submission()) is None
    WordRule.objects.create(word="scum", kind=WordRule.Kind.SUSPECT)
    assert pipeline.suspect_word(submission()).reason == "held: suspect word 'scum' written as 's c u m'"


# The duplicate check compares folded text -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "again",
    [
        "LOVED THE TRAILER!",
        "loved the trailer",
        "Loved   the\ntrailer!!!",
        "Loved, the trailer.",
        "ｌｏｖｅｄ ｔｈｅ ｔｒａｉｌｅｒ!",
        "Lоvеd the trаiler!",  # Cyrillic о, е and а
        "Lovéd the trailer!",
    ],
)
def test_the_same_text_with_other_case_spacing_punctuation_or_look_alikes_is_a_duplicate(again):
    article = make_article()
    make_comment(article=article, email="asha@example.com", text="Loved the trailer!")
    sub = pipeline.Submission(article=article, name="Asha", email="asha@example.com", text=again)

    assert pipeline.duplicate(sub).reason == "rejected: the same text was already sent by this sender"


@pytest.mark.django_db
def test_different_words_are_not_a_duplicate():
    article = make_article()
    make_comment(article=article, email="asha@example.com", text="Loved the trailer!")
    sub = pipeline.Submission(article=article, name="Asha", email="asha@example.com", text="Loved the teaser!")

    assert pipeline.duplicate(sub) is None


@pytest.mark.django_db
def test_a_duplicate_in_other_capitals_through_the_form_keeps_the_first_one(client):
    article = make_article()
    client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="Loved the trailer!"))

    response = client.post(
        f"/comments/article/{article.pk}/post/", form_data(article, text="LOVED the trailer"), follow=True
    )

    assert list(Comment.objects.values_list("rule", flat=True).order_by("pk")) == ["pre_moderation", "duplicate"]
    assert "You had already sent this comment, so we kept the first one." in response.content.decode()


@pytest.mark.django_db
def test_a_stored_comment_has_the_fingerprint_of_its_folded_text():
    comment = make_comment(text="Loved the trailer!")

    assert comment.text_fingerprint == folding.fingerprint("loved THE trailer")
    assert len(comment.text_fingerprint) == 64
