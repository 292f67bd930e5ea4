"""Print-shop checks on a PDF, as a prepress preflight would run them."""

import pikepdf

RGB_OPERATORS = {"rg", "RG"}
RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}


def _colour_space_is_rgb(space):
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family in RGB_NAMES:
            return True
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/Separation", "/DeviceN"):
            base = space[1] if family == "/Indexed" else space[2]
            return _colour_space_is_rgb(base)
    return False


def rgb_uses(path):
    """Every place an RGB colour could reach the plates: operators, colour spaces,
    images, shadings and transparency groups, on pages and inside form XObjects."""
    problems = []
    seen = set()

    def walk(label, content_owner, resources):
        for operands, operator in pikepdf.parse_content_stream(content_owner):
            name = str(operator)
            if name in RGB_OPERATORS:
                problems.append(f"{label}: {name} {list(operands)}")
            elif name in ("cs", "CS"):
                space = str(operands[0])
                if space in RGB_NAMES:
                    problems.append(f"{label}: {space} {name}")
                else:
                    spaces = resources.get("/ColorSpace", {}) if resources else {}
                    if space in spaces and _colour_space_is_rgb(spaces[space]):
                        problems.append(f"{label}: {space} {name} is RGB")
        if not resources:
            return
        for key, space in resources.get("/ColorSpace", {}).items():
            if _colour_space_is_rgb(space):
                problems.append(f"{label}: colour space {key} is RGB")
        for key, shading in resources.get("/Shading", {}).items():
            if _colour_space_is_rgb(shading.get("/ColorSpace")):
                problems.append(f"{label}: shading {key} is RGB")
        for key, xobject in resources.get("/XObject", {}).items():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            subtype = str(xobject.get("/Subtype"))
            if subtype == "/Image":
                if _colour_space_is_rgb(xobject.get("/ColorSpace")):
                    problems.append(f"{label}: image {key} is RGB")
            elif subtype == "/Form":
                group = xobject.get("/Group")
                if group is not None and _colour_space_is_rgb(group.get("/CS")):
                    problems.append(f"{label}: form {key} has an RGB transparency group")
                walk(f"{label} {key}", xobject, xobject.get("/Resources"))
        for key, pattern in resources.get("/Pattern", {}).items():
            if pattern.objgen in seen:
                continue
            seen.add(pattern.objgen)
            if int(pattern.get("/PatternType", 0)) == 1:
                walk(f"{label} pattern {key}", pattern, pattern.get("/Resources"))
            elif _colour_space_is_rgb(pattern.get("/Shading", {}).get("/ColorSpace")):
                problems.append(f"{label}: pattern {key} shading is RGB")

    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            group = page.obj.get("/Group")
            if group is not None and _colour_space_is_rgb(group.get("/CS")):
                problems.append(f"page {number}: RGB transparency group")
            walk(f"page {number}", page, page.obj.get("/Resources"))
    return problems
