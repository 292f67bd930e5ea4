"""The screen edition through two PDF/UA checkers from PyPI (no JVM), and what they look at
checked directly in its structure: running heads and folios out of the reading order, no
empty element, links in their Link element, header scope, document dates."""

import re

import pikepdf
import pytest

from .conftest import pdf_pages_text

# outloud's PAG-001 reads any line repeated in the top or bottom eighth of three pages as
# a running head. Every entry repeats the same labels (templates/print/entry.html): its
# questions and the titles of its boxes, and the layout puts some of them at a page's top
# or bottom: content, rightly tagged. Only those labels are tolerated; page numbers and
# real running heads are not.
CONTENT_NEAR_PAGE_EDGE = {
    "POUR QUI ?",
    "POURQUOI ?",
    "COMMENT ?",
    "CHIFFRES CLÉS",
    "CONTACTS ET INFORMATIONS",
}


def outloud_findings(path):
    outloud = pytest.importorskip("outloud")
    result = outloud.check(str(path))
    assert result.error is None
    return result.findings


def test_outloud_finds_no_error(built_guide):
    errors = [
        f"{finding.rule} p.{finding.page}: {finding.message}"
        for finding in outloud_findings(built_guide.screen_pdf)
        if finding.severity == "error"
    ]
    assert errors == []


def tolerated(finding):
    if finding.rule != "PAG-001" or "running header" not in finding.message:
        return False
    lines = {" ".join(line.split()).upper() for line in (finding.evidence or "").split(";")}
    return lines <= CONTENT_NEAR_PAGE_EDGE


def test_outloud_warns_of_nothing_we_can_fix(built_guide):
    warnings = [
        f"{finding.rule} p.{finding.page}: {finding.message} ({finding.evidence})"
        for finding in outloud_findings(built_guide.screen_pdf)
        if finding.severity == "warning" and not tolerated(finding)
    ]
    assert warnings == []


def test_pdfua_finds_nothing(built_guide):
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(built_guide.screen_pdf))
    findings = [
        f"{finding.severity.name} {finding.rule_id}: {finding.message}"
        for finding in report.findings
    ]
    assert findings == []


# --- the structure itself ---------------------------------------------------------------


def structure_elements(pdf):
    """Every structure element reachable from the root, depth first."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def marked_texts(pdf, page):
    """[(tag, text shown)] for each marked-content sequence of a page, in paint order."""
    sequences, current = [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            current = [str(operands[0]), 0]
            sequences.append(current)
        elif name in ("Tj", "TJ") and current is not None:
            current[1] += 1
        elif name == "EMC":
            current = None
    return sequences


def test_folios_and_running_heads_are_pagination_artifacts(built_guide):
    texts = pdf_pages_text(built_guide.screen_pdf)
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        for index, page in enumerate(pdf.pages):
            if not re.search(rf"(?m)^\s*{index + 1}\s*$", texts[index]):
                continue  # the cover, the dividers: no folio
            artifacts = [
                (operands, count)
                for operands, count in marked_texts(pdf, page)
                if operands == "/Artifact" and count
            ]
            assert artifacts, f"p.{index + 1}: its folio is read as content"
            # Every marked-content id left on the page belongs to an element of the tree.
            mapping = parent_tree[2 * index + 1]
            reachable = {element.objgen for element in structure_elements(pdf)}
            for element in mapping:
                if isinstance(element, pikepdf.Dictionary):
                    assert element.objgen in reachable, f"p.{index + 1}: stray tagged text"


def test_no_structure_element_is_empty(built_guide):
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        empty = [
            str(element.S)
            for element in structure_elements(pdf)
            if element.get("/K") in (None, [])
            and "/Alt" not in element
            and "/ActualText" not in element
        ]
    assert empty == []


def test_every_link_annotation_hangs_off_its_link_element(built_guide):
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        owners = {}
        for element in structure_elements(pdf):
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    owners[kid.Obj.objgen] = str(element.S)
        annotations = [
            annotation
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
        assert annotations
        for annotation in annotations:
            assert owners.get(annotation.objgen) == "/Link"
            assert int(annotation.get("/F", 0)) & 4, "link annotations are printed as shown"


def test_table_headers_have_a_scope(built_guide):
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        headers = [e for e in structure_elements(pdf) if e.S == "/TH"]
        assert headers
        for header in headers:
            assert header.A.Scope == "/Column"


def test_no_address_is_printed_without_its_link(built_guide):
    """The patterned e-mail (conseilcitoyenXX) is listed per arrondissement, each address
    clickable, as on the entry's web page."""
    text = " ".join(pdf_pages_text(built_guide.screen_pdf))
    assert "XX@" not in text
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        mailtos = {
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        }
    for email in built_guide.pattern_emails:
        assert f"mailto:{email.replace('XX', '18')}" in mailtos


@pytest.mark.parametrize("edition", ["screen_pdf", "print_pdf"])
def test_documents_carry_their_dates(built_guide, edition):
    with pikepdf.open(getattr(built_guide, edition)) as pdf:
        for key in ("/CreationDate", "/ModDate"):
            assert re.match(r"D:\d{14}", str(pdf.docinfo[key])), key
        with pdf.open_metadata() as metadata:
            assert metadata.get("xmp:CreateDate")
            assert metadata.get("xmp:ModifyDate")
