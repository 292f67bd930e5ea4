"""The printing conditions the print edition can be made for, and where its assets live."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class OutputCondition:
    """A printing condition registered in the ICC characterization data registry, and
    the CMYK profile (computed from its characterisation data) embedded with it."""

    identifier: str
    info: str
    profile: str


# settings.PRINT_OUTPUT_CONDITION picks one, after asking the print shop which paper.
OUTPUT_CONDITIONS = {
    "FOGRA39": OutputCondition(
        "FOGRA39",
        "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset, papier couché",
        "participez-fogra39l.icc",
    ),
    "FOGRA29": OutputCondition(
        "FOGRA29",
        "Uncoated FOGRA29 (ISO 12647-2:2004), offset, papier non couché",
        "participez-fogra29l.icc",
    ),
}
ICC_REGISTRY = "http://www.color.org"


def output_condition():
    name = getattr(settings, "PRINT_OUTPUT_CONDITION", "FOGRA39")
    if name not in OUTPUT_CONDITIONS:
        raise ValueError(
            f"PRINT_OUTPUT_CONDITION={name!r} : choisissez parmi {', '.join(OUTPUT_CONDITIONS)}."
        )
    return OUTPUT_CONDITIONS[name]


def static_print_dir():
    return Path(settings.BASE_DIR) / "static" / "print"


def output_profile_path():
    """The CMYK profile of the chosen output condition, as a file."""
    return static_print_dir() / output_condition().profile
