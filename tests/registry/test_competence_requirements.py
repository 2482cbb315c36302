"""Competence requirements from ePerusteet reduced to plain text blocks."""

from registry.competence_requirements import TextBlock, html_to_text_blocks, requirements_view


def test_paragraphs_and_list_items_keep_their_text():
    blocks = html_to_text_blocks("<p>Opiskelija osaa</p>\n<ul>\n\t<li>korjata <b>auton</b></li>\n\t<li>huoltaa</li>\n</ul>")

    assert blocks == [
        TextBlock(text="Opiskelija osaa"),
        TextBlock(text="korjata auton", is_item=True, level=0),
        TextBlock(text="huoltaa", is_item=True, level=0),
    ]


def test_nested_list_items_get_deeper_level():
    blocks = html_to_text_blocks("<ul><li>toimia, jolloin hän<ul><li>tunnistaa</li><li>käyttää</li></ul></li><li>hoitaa</li></ul>")

    assert [(block.text, block.level) for block in blocks] == [
        ("toimia, jolloin hän", 0), ("tunnistaa", 1), ("käyttää", 1), ("hoitaa", 0),
    ]


def test_definition_list_items_are_list_items():
    blocks = html_to_text_blocks('<dl><dt><i>Opiskelija</i></dt><dd style="display: list-item;">noudattaa työaikoja</dd></dl>')

    assert blocks == [TextBlock(text="Opiskelija"), TextBlock(text="noudattaa työaikoja", is_item=True, level=0)]


def test_scripts_styles_and_attributes_are_dropped():
    blocks = html_to_text_blocks('<script>alert(1)</script><style>p{}</style><p onclick="x()">teksti</p><img src=x onerror=y>')

    assert blocks == [TextBlock(text="teksti")]


def test_entities_are_decoded_and_whitespace_collapsed():
    blocks = html_to_text_blocks("<p>ajoneuvon&nbsp;huolto &amp;\n\n  korjaus &lt;b&gt;</p>")

    assert [block.text for block in blocks] == ["ajoneuvon huolto & korjaus <b>"]


def test_control_characters_are_removed():
    blocks = html_to_text_blocks("<p>\x8a\x8a Opiskelija osaa</p>")

    assert [block.text for block in blocks] == ["Opiskelija osaa"]


def test_empty_or_missing_html_gives_no_blocks():
    assert html_to_text_blocks("") == []
    assert html_to_text_blocks(None) == []
    assert html_to_text_blocks("<p> </p><ul><li></li></ul>") == []


def test_view_picks_language_with_fallback():
    view = requirements_view({"html": {"fi": "<p>suomeksi</p>"}}, "sv")

    assert [block.text for block in view.text_blocks] == ["suomeksi"]


def test_structured_requirements_are_read():
    view = requirements_view(
        {
            "subject": {"fi": "Opiskelija", "sv": "Den studerande"},
            "requirements": [{"fi": "suunnittelee", "sv": "planerar"}, {}],
            "areas": [{"title": {"fi": "Palvelu"}, "requirements": [{"fi": "palvelee <b>asiakasta</b>"}]}],
        },
        "sv",
    )

    assert view.subject == "Den studerande"
    assert view.requirements == ["planerar"]
    assert view.areas[0].title == "Palvelu"
    assert view.areas[0].requirements == ["palvelee asiakasta"]


def test_consecutive_items_share_one_list():
    view = requirements_view({"html": {"fi": "<p>a</p><ul><li>b</li><li>c</li></ul><p>d</p>"}}, "fi")

    assert [(is_list, [block.text for block in blocks]) for is_list, blocks in view.text_sections] == [
        (False, ["a"]), (True, ["b", "c"]), (False, ["d"]),
    ]


def test_unknown_shape_gives_empty_view():
    assert requirements_view([], "fi").is_empty
    assert requirements_view({}, "fi").is_empty
