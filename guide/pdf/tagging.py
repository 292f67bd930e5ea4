"""What WeasyPrint 70's PDF/UA tagging leaves to do, applied to its PDF before writing.

WeasyPrint tags the HTML structure (headings, lists, tables, links, figures) but:
- marks the text of page margin boxes (running heads, folios) as content and leaves its
  structure elements out of the tree (upstream issue #1836: tagging them as Artifact
  elements needs PDF 2.0), so checkers read every running head and page number as
  untagged or stray content;
- makes a structure element of every HTML element, including the empty ones (decorative
  spans, text of size zero), which screen readers announce as empty;
- links a data cell to its headers by id but gives a header no /Scope;
- writes link annotations without the Print flag.

`finish_screen_edition` fixes these on WeasyPrint's own PDF objects (pydyf), as the
`finisher` hook of `write_pdf`: nothing is parsed again and the cost is a walk over the
structure tree.
"""

import pydyf

# An artifact of pagination (ISO 32000-1, 14.8.2.2): read by no assistive technology.
PAGINATION_ARTIFACT = "/Artifact"
PRINT_FLAG = 1 << 2


def _number(reference):
    """The object number of a pydyf reference (b"12 0 R")."""
    if isinstance(reference, bytes):
        return int(reference.split()[0])
    if isinstance(reference, str):
        return int(reference.split()[0])
    return None


def _resolve(pdf, reference):
    number = _number(reference)
    return pdf.objects[number] if number is not None else None


def _structure_document(pdf):
    root = _resolve(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return None, None
    kids = root.get("K") or []
    return root, (_resolve(pdf, kids[0]) if kids else None)


def _reachable(pdf, element, seen):
    """Numbers of the structure elements under `element` (itself included)."""
    seen.add(element.number)
    for kid in element.get("K", []):
        if isinstance(kid, bytes | str):
            child = _resolve(pdf, kid)
            if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
                _reachable(pdf, child, seen)
    return seen


def _page_streams(pdf):
    """Each page's content stream, in page order."""
    streams = []
    for page_reference in pdf.page_references:
        page = _resolve(pdf, page_reference)
        streams.append(_resolve(pdf, page["Contents"]))
    return streams


def artifact_margin_content(pdf, root, document_element):
    """Running heads and folios marked as pagination artifacts, out of the parent tree.

    The text WeasyPrint draws in margin boxes is marked content whose structure element
    hangs nowhere in the tree: that is how it is told apart from the page's content.
    """
    reachable = _reachable(pdf, document_element, set())
    parent_tree = _resolve(pdf, root["ParentTree"])
    numbers = parent_tree["Nums"]
    streams = _page_streams(pdf)
    converted = 0
    for position in range(0, len(numbers), 2):
        key, value = numbers[position], numbers[position + 1]
        if not isinstance(value, pydyf.Array) or key >= len(streams):
            continue  # an annotation's entry, not a page's marked content
        stray = {
            mcid
            for mcid, reference in enumerate(value)
            if _number(reference) is not None and _number(reference) not in reachable
        }
        if not stray:
            continue
        operations = streams[key].stream
        for index, operation in enumerate(operations):
            if (
                isinstance(operation, pydyf.Dictionary)
                and operation.get("MCID") in stray
                and index + 1 < len(operations)
                and operations[index + 1] == b"BDC"
            ):
                operations[index - 1] = PAGINATION_ARTIFACT
                operations[index] = pydyf.Dictionary({"Type": "/Pagination"})
                converted += 1
        for mcid in stray:
            value[mcid] = "null"
    return converted


def prune_empty_elements(pdf, element):
    """Drop the structure elements that hold no content, children, /Alt nor /ActualText
    (decorative spans, text of size zero). True when `element` itself is left empty."""
    kept = pydyf.Array()
    for kid in element.get("K", []):
        child = _resolve(pdf, kid) if isinstance(kid, bytes | str) else None
        if (
            isinstance(child, pydyf.Dictionary)
            and child.get("Type") == "/StructElem"
            and prune_empty_elements(pdf, child)
        ):
            continue
        kept.append(kid)
    element["K"] = kept
    return not kept and "Alt" not in element and "ActualText" not in element


def scope_table_headers(pdf, element):
    """Give each table header cell its /Scope (PDF/UA 7.5): WeasyPrint links data cells
    to headers by /Headers ids only. Our tables only have column headers."""
    if element.get("S") == "/TH":
        attributes = element.get("A") or pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column"
        element["A"] = attributes
    for kid in element.get("K", []):
        child = _resolve(pdf, kid) if isinstance(kid, bytes | str) else None
        if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
            scope_table_headers(pdf, child)


def flag_annotations_for_print(pdf):
    """Links printed as shown on screen (the Print flag, which WeasyPrint leaves off)."""
    for page_reference in pdf.page_references:
        page = _resolve(pdf, page_reference)
        for reference in page.get("Annots", []):
            annotation = _resolve(pdf, reference)
            if isinstance(annotation, pydyf.Dictionary):
                annotation["F"] = annotation.get("F", 0) | PRINT_FLAG


def finish_screen_edition(document, pdf):
    """The `finisher` of the screen edition's write_pdf (tagged, PDF/UA-1)."""
    root, document_element = _structure_document(pdf)
    if document_element is None:
        return
    artifact_margin_content(pdf, root, document_element)
    prune_empty_elements(pdf, document_element)
    scope_table_headers(pdf, document_element)
    flag_annotations_for_print(pdf)
