"""Turn a qualification unit's competence requirements into plain text for the admin and the public pages.

ePerusteet delivers older requirements as HTML. No page outputs that HTML: this module keeps only
the text, as paragraphs and list items with their nesting level, and the templates escape it.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .models.fields import localised

# Elements whose content is a list item. ePerusteet also writes `<dd style="display: list-item;">`.
ITEM_TAGS = frozenset({"li", "dd"})
LIST_TAGS = frozenset({"ul", "ol", "dl"})
# Elements that end the text before them and start a new paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "br", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "section",
})
# Elements whose text is never shown.
HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title"})
WHITESPACE = re.compile(r"\s+")
# Control characters other than whitespace, which some ePerusteet texts carry from copied documents.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class TextBlock:
    text: str
    is_item: bool = False
    level: int = 0


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.buffer = []
        self.list_depth = 0
        self.item_levels = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden_depth += 1
        elif tag in LIST_TAGS:
            self.flush()
            self.list_depth += 1
        elif tag in ITEM_TAGS:
            self.flush()
            self.item_levels.append(max(self.list_depth - 1, 0))
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self.hidden_depth = max(self.hidden_depth - 1, 0)
        elif tag in LIST_TAGS:
            self.flush()
            self.list_depth = max(self.list_depth - 1, 0)
        elif tag in ITEM_TAGS:
            self.flush()
            if self.item_levels:
                self.item_levels.pop()
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden_depth:
            self.buffer.append(data)

    def flush(self):
        text = WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub("", "".join(self.buffer))).strip()
        self.buffer = []
        if not text:
            return
        if self.item_levels:
            self.blocks.append(TextBlock(text=text, is_item=True, level=self.item_levels[-1]))
        else:
            self.blocks.append(TextBlock(text=text))


def html_to_text_blocks(html):
    """Return the text of `html` as paragraphs and list items, dropping tags, attributes and hidden elements."""
    if not isinstance(html, str) or not html:
        return []
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    extractor.flush()
    return extractor.blocks


@dataclass
class RequirementArea:
    title: str
    requirements: list = field(default_factory=list)


@dataclass
class RequirementsView:
    """A unit's competence requirements in one language: text blocks, or a subject with requirements and areas."""

    text_blocks: list = field(default_factory=list)
    subject: str = ""
    requirements: list = field(default_factory=list)
    areas: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.text_blocks or self.subject or self.requirements or self.areas)

    @property
    def text_sections(self):
        """Return the text blocks grouped as [(is_list, blocks)], so consecutive list items share one list."""
        sections = []
        for block in self.text_blocks:
            if sections and block.is_item and sections[-1][0]:
                sections[-1][1].append(block)
            else:
                sections.append((block.is_item, [block]))
        return sections


def requirements_view(requirements, language):
    """Return the competence requirements as `QualificationUnit.competence_requirements` stores them, in `language`.

    The stored form is either {"html": {language: html}} or the structured
    {"subject", "requirements", "areas"} of the 2019 descriptions. Any other value gives an empty view.
    """
    if not isinstance(requirements, dict):
        return RequirementsView()
    if isinstance(requirements.get("html"), dict):
        return RequirementsView(text_blocks=html_to_text_blocks(localised(requirements["html"], language)))
    return RequirementsView(
        subject=_text(requirements.get("subject"), language),
        requirements=_texts(requirements.get("requirements"), language),
        areas=[
            RequirementArea(title=_text(area.get("title"), language), requirements=_texts(area.get("requirements"), language))
            for area in requirements.get("areas") or []
            if isinstance(area, dict)
        ],
    )


def _text(names, language):
    """Return the text in `language`, reduced to plain text in case ePerusteet put markup or control characters in it."""
    text = CONTROL_CHARACTERS.sub("", localised(names, language) if isinstance(names, dict) else "")
    if "<" in text or "&" in text:
        return " ".join(block.text for block in html_to_text_blocks(text))
    return text


def _texts(items, language):
    return [text for text in (_text(item, language) for item in items or []) if text]
