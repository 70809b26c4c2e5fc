from articles.diff import changes, side_by_side


def test_the_old_side_strikes_out_removed_words_and_the_new_side_marks_added_ones():
    old, new = side_by_side("The cat sat on the mat.", "The dog sat on the red mat.")

    assert old == "The <del>cat</del> sat on the mat."
    assert new == "The <ins>dog</ins> sat on the <ins>red </ins>mat."


def test_one_text_shows_removed_then_added_words_in_reading_order():
    assert changes("Shooting starts in May", "Shooting starts in June, in Mumbai") == (
        "Shooting starts in <del>May</del><ins>June, in Mumbai</ins>"
    )


def test_markup_in_a_revision_is_shown_as_text_never_run():
    old, new = side_by_side("Hello", 'Hello <script>alert("x")</script> & bye')

    assert old == "Hello"
    assert new == "Hello<ins> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; bye</ins>"


def test_unchanged_text_is_escaped_too():
    old, new = side_by_side("<b>Tom & Jerry</b> return", "<b>Tom & Jerry</b> are back")

    assert old == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; <del>return</del>"
    assert new == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; <ins>are back</ins>"


def test_line_breaks_between_paragraphs_are_kept():
    old, new = side_by_side("First.\n\nSecond.", "First.\n\nSecond, longer.")

    assert old == "First.\n\n<del>Second.</del>"
    assert new == "First.\n\n<ins>Second, longer.</ins>"
