"""Text as readers write it: a corpus of real-looking comments accepted, stored and shown exactly; only harm refused."""

import unicodedata

import pytest
from django.utils.html import escape

from articles.tests.builders import make_article
from comments import text as writing
from comments.forms import CommentForm
from comments.models import Comment
from comments.services import approve_comment
from comments.tests.builders import form_data, make_moderator

pytestmark = pytest.mark.django_db

# What readers of an entertainment site write, as they write it (escapes only where a character is invisible).
CORPUS = {
    "english": "That red carpet look was everything. Who's the designer? Need it for my sister's wedding!",
    "hindi": "क्या शानदार फ़िल्म है! दीपिका ने कमाल कर दिया। दूसरा भाग कब आएगा?",
    # फ़ typed as one precomposed letter (U+095E), which NFC stores as फ + nukta: "exactly, after NFC".
    "hindi-precomposed-nukta": "\u095eिल्म देखी, ज़बरदस्त",
    "hindi-explicit-half-form": "क्\u200dष और क्\u200cष: ZWJ and ZWNJ choose the conjunct's shape",
    "hinglish": "Yaar kya acting thi 🔥🔥 full paisa vasool, second half mein toh rula diya 😭",
    "tamil": "தலைவர் படம் சூப்பர்! முதல் நாள் முதல் ஷோ பார்த்தேன், தியேட்டரே அதிர்ந்தது 🎉",
    "malayalam-chillu-with-zwj": "മലയാളം സിനിമ കണ്ടു, ന്\u200d അഭിനയം ഗംഭീരം",
    "korean": "이 드라마 진짜 최고예요! 다음 시즌 언제 나와요? 😍",
    "arabic": "أداء رائع، أتمنى أن أرى المزيد من أفلامها قريباً ❤️",
    "urdu": "یہ فلم بہت اچھی تھی، میں اسے دوبارہ دیکھوں گی۔ گانے بھی کمال کے ہیں",
    "persian-zwnj": "می\u200cخواهم این فیلم را دوباره ببینم",
    "arabic-with-rlm-and-numbers": "الحلقة 12\u200f من المسلسل كانت أفضل حلقة",
    "hebrew-with-lrm": "הסרט יוצא ב-2026\u200e, מחכה!",
    "fire-heart": "Deepika in that gown ❤️\u200d🔥",
    "facepalm": "🤦\u200d♀️ not again, who wrote this script",
    "shrug-skin-tone": "🤷🏽\u200d♂️ honestly no idea why people are angry",
    "pride-flags": "So proud of her for speaking up 🏳️\u200d🌈🏳️\u200d⚧️",
    "country-flags": "🇮🇳🇰🇷🇵🇰 fans united",
    "subdivision-flag-tags": "Filming in Scotland 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f soon",
    "kiss-skin-tones": "Best couple 👩🏾\u200d❤️\u200d💋\u200d👨🏻 forever",
    "keycaps": "Rated #️⃣1️⃣ on my list, 1️⃣0️⃣/🔟",
    "new-emoji": "Pink heart 🩷, shaking face 🫨, goose 🪿, phoenix 🐦\u200d🔥 and lime 🍋\u200d🟩",
    "decomposed-accent": "Beyonce\u0301 and Zoe\u0308 in one film?!",
    "lines-and-tab": "First line\nSecond line\n\tindented with a tab",
}

NAMES = {
    "emoji": "Priya 🤷\u200d♀️",
    "devanagari": "प्रिया शर्मा",
    "tamil": "ஜனனி",
    "korean": "김지우",
    "arabic": "محمد",
    "persian-zwnj": "مهر\u200cناز",
    "decomposed": "Zoe\u0308",
}


def nfc(value):
    return unicodedata.normalize("NFC", value)


def post_url(article):
    return f"/comments/article/{article.pk}/post/"


@pytest.mark.parametrize("text", CORPUS.values(), ids=CORPUS.keys())
def test_real_comments_are_accepted_stored_after_nfc_and_shown_exactly(client, text):
    article = make_article()

    response = client.post(post_url(article), form_data(article, text=text))

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.text == nfc(text)
    approve_comment(comment, moderator=make_moderator())
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<div class="comment__text" dir="auto">{escape(nfc(text)).replace(chr(10), "<br>")}</div>' in html


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_real_names_are_accepted_stored_after_nfc_and_shown_exactly(client, name):
    article = make_article()

    response = client.post(post_url(article), form_data(article, name=name))

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.name == nfc(name)
    approve_comment(comment, moderator=make_moderator())
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}-name" dir="auto">{escape(nfc(name))}</span>' in html


def test_nfc_is_what_is_stored_so_one_word_has_one_spelling(client):
    article = make_article()

    client.post(post_url(article), form_data(article, name="Zoe\u0308", text="\u095eिल्म Beyonce\u0301"))

    comment = Comment.objects.get()
    assert (comment.name, comment.text) == ("Zo\u00eb", "\u092b\u093cिल्म Beyonc\u00e9")


HARMFUL = [
    (
        "see \u202egnp.exe",
        "a right-to-left override (U+202E) just after “see”, an invisible character that can disguise text",
    ),
    (
        "see \u202dthis",
        "a left-to-right override (U+202D) just after “see”, an invisible character that can disguise text",
    ),
    (
        "\u202bembedded",
        "a right-to-left embedding (U+202B) at the start, an invisible character that can disguise text",
    ),
    (
        "a \u2067b\u2069",
        "a right-to-left isolate (U+2067) just after “a”, an invisible character that can disguise text",
    ),
    ("end\u2069", "a pop directional isolate (U+2069) just after “end”, an invisible character that can disguise text"),
    ("beep\x07", "a control character (U+0007) just after “beep”, an invisible character we cannot show"),
    ("del\x7f", "a control character (U+007F) just after “del”, an invisible character we cannot show"),
    ("next\x85line", "a control character (U+0085) just after “next”, an invisible character we cannot show"),
    (
        "logo \ue000",
        "a private-use character (U+E000) just after “logo”, which shows differently on every device, or not at all",
    ),
    (
        "far \U0010fffd",
        "a private-use character (U+10FFFD) just after “far”, which shows differently on every device, or not at all",
    ),
    ("odd \u0378", "an unassigned code point (U+0378) just after “odd”, which no device can show"),
]


@pytest.mark.parametrize(
    ("text", "found"), HARMFUL, ids=[text.encode("unicode_escape").decode() for text, _ in HARMFUL]
)
def test_harmful_characters_are_refused_with_a_message_naming_them_and_the_text_kept(client, text, found):
    article = make_article()

    response = client.post(post_url(article), form_data(article, text=text))

    assert response.status_code == 400
    html = response.content.decode()
    message = (
        f"Your comment contains {found}. Please delete it and send your comment again: it often comes with copied text."
    )
    assert f'<span id="error_1_id_text"><strong>{escape(message)}</strong></span>' in html
    assert f"\n{escape(text)}</textarea>" in html
    assert Comment.objects.count() == 0


def test_a_bidi_control_in_a_name_is_refused_naming_it(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, name="Asha \u202eahsA"))

    assert response.status_code == 400
    assert (
        "Your name contains a right-to-left override (U+202E) just after “Asha”, an invisible character that can "
        "disguise text. Please type your name again."
    ) in response.content.decode()


def test_a_lone_surrogate_is_refused_before_it_reaches_the_database():
    """HTTP cannot carry one (Django decodes bad UTF-8 to U+FFFD), but the form is the gate for any caller."""
    article = make_article()
    form = CommentForm(form_data(article, text="half \ud83d"), article=article)

    assert not form.is_valid()
    assert form.errors["text"] == [
        "Your comment contains a lone surrogate (U+D83D) just after “half”, half of a character that lost its other "
        "half. Please delete it and send your comment again: it often comes with copied text."
    ]


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"], ids=["LRM", "RLM", "ALM"])
def test_direction_marks_are_harmless_and_accepted(client, mark):
    article = make_article()

    response = client.post(post_url(article), form_data(article, text=f"قال{mark} 2026 OK"))

    assert response.status_code == 302
    assert Comment.objects.get().text == f"قال{mark} 2026 OK"


def test_carriage_returns_are_stored_as_newlines(client):
    article = make_article()

    client.post(post_url(article), form_data(article, text="one\r\ntwo\rthree"))

    assert Comment.objects.get().text == "one\ntwo\nthree"


@pytest.mark.parametrize("blank", ["\u200d\u200d", " \u200b ", "\ufe0f"], ids=["ZWJ", "zero-width space", "VS16"])
def test_a_comment_of_invisible_characters_only_asks_for_a_comment(client, blank):
    article = make_article()

    response = client.post(post_url(article), form_data(article, text=blank))

    assert response.status_code == 400
    assert '<span id="error_1_id_text"><strong>Please write your comment.</strong></span>' in response.content.decode()


def test_a_name_of_blank_letters_only_asks_for_a_name(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, name="\u3164\u200d"))

    assert response.status_code == 400
    assert '<span id="error_1_id_name"><strong>Please enter your name.</strong></span>' in response.content.decode()


def test_the_harm_check_names_the_first_problem_and_accepts_clean_text():
    assert writing.harmful_character("🤷🏽\u200d♂️ می\u200cخواهم", label="Your comment") is None
    assert writing.harmful_character("\x1b\u202e", label="Your comment") == (
        "Your comment contains a control character (U+001B) at the start, an invisible character we cannot show."
    )


def test_invisible_characters_are_left_out_only_for_matching():
    assert writing.without_invisible("id\u200diot ❤️\u200d🔥") == "idiot ❤🔥"
