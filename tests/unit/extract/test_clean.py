from streams.extract.clean import drop_furniture, strip_html


def test_html_is_blanked_without_moving_offsets():
    html = "<p>Putin &amp; Erdogan</p><script>var x = 1;</script>met."
    cleaned = strip_html(html)
    assert len(cleaned) == len(html)
    assert cleaned.index("Putin") == html.index("Putin")
    assert "script" not in cleaned and "var x" not in cleaned
    assert "&" in cleaned and "amp;" not in cleaned


def test_site_furniture_lines_are_dropped():
    text = "خبر أول.\n\nاقرأ أيضاً: عنوان آخر\n\nاخترنا لك\nRead more: something\nنهاية."
    cleaned = drop_furniture(text, None)
    assert len(cleaned) == len(text)
    assert "اقرأ" not in cleaned and "اخترنا" not in cleaned and "Read more" not in cleaned
    assert "خبر أول." in cleaned and "نهاية." in cleaned


def test_bullet_repeating_the_title_and_its_caption_are_dropped():
    title = "بوتين وإردوغان يبحثان هاتفياً"
    text = f"مقدمة.\n  • {title}\n    اتصال هاتفي بين إردوغان وبوتين\n\nبحث الرئيسان العلاقات."
    cleaned = drop_furniture(text, title)
    assert title not in cleaned
    assert "اتصال هاتفي بين" not in cleaned
    assert "بحث الرئيسان العلاقات." in cleaned


def test_a_bullet_with_other_content_stays():
    text = "• Troops moved north.\nEnd."
    assert drop_furniture(text, "Something else") == text
