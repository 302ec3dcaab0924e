"""Table titles in Markdown: a line ``표: …`` or ``Table: …`` right above a table becomes its ``<caption>``.

Screen readers announce a table by its caption, and the Korean accessibility
guideline (KWCAG 2.2, 5.3.1 표의 구성) asks every data table for a title and
for header cells told apart from data cells. Markdown's table syntax has
neither a caption nor header scopes; this extension adds both, with the
convention Pandoc uses for a caption (``Table: …``) and its Korean word (``표: …``).
A Python-Markdown extension, not a MkDocs one: policy text uses it, and a
site's own Markdown pages can too (``markdown_extensions: [policypress.core.captions]``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

#: The words that make a paragraph a table's title, in the languages policies are written in.
CAPTION = re.compile(r"^\s*(?:표|Table)\s*[:：]\s*")


class _TitleLine(BlockProcessor):
    """A title line written right above the table, with no blank line between: its own paragraph.

    Markdown would otherwise read the title and the table as one paragraph
    and show the table's pipes as text.
    """

    def test(self, parent: etree.Element, block: str) -> bool:
        first, _, rest = block.partition("\n")
        return bool(CAPTION.match(first)) and rest.lstrip().startswith("|")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        first, _, rest = blocks.pop(0).partition("\n")
        blocks[:0] = [first, rest]


class _Captions(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):  # a list: titles are moved while walking
            children = list(parent)
            for before, table in zip(children, children[1:]):
                if table.tag == "table" and before.tag == "p" and CAPTION.match(before.text or ""):
                    caption = etree.Element("caption")
                    caption.text = CAPTION.sub("", before.text or "", count=1)
                    caption.extend(list(before))
                    table.insert(0, caption)
                    parent.remove(before)
        for table in root.iter("table"):
            for head in table.iter("thead"):
                for cell in head.iter("th"):
                    cell.set("scope", "col")


class TableCaptionExtension(Extension):
    """``표: …`` / ``Table: …`` above a table is its caption; header cells say which cells they head."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        # Before the table and paragraph processors (tables: 75).
        md.parser.blockprocessors.register(_TitleLine(md.parser), "policypress-table-title", 80)
        # After the inline processor (priority 20): the title keeps its emphasis and links.
        md.treeprocessors.register(_Captions(md), "policypress-table-captions", 5)


def makeExtension(**kwargs: Any) -> TableCaptionExtension:  # noqa: N802  (the name Markdown looks for)
    return TableCaptionExtension(**kwargs)

