"""Editors' images made fit for the print shop: raster images in RGB (a photo, a PNG logo)
are converted to CMYK with the output condition's profile, as a print shop's prepress
would, instead of failing the preflight (the print edition is CMYK only, PDF/X-4).

The copy is made once per image and condition, beside the media files, and named after
both: a new upload or another condition makes a new copy, an unchanged one is reused.
"""

import hashlib
import io
from pathlib import Path

from django.conf import settings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .conditions import output_profile_path

CMYK_DIR = "print-cmyk"
JPEG_QUALITY = 92


def cmyk_dir():
    return Path(settings.MEDIA_ROOT) / CMYK_DIR


def source_profile(image):
    """The image's own ICC profile if it carries one, else sRGB (what cameras, phones and
    web graphics are in)."""
    embedded = image.info.get("icc_profile")
    if embedded:
        try:
            return ImageCms.ImageCmsProfile(io.BytesIO(embedded))
        except (OSError, ImageCms.PyCMSError):
            pass
    return ImageCms.createProfile("sRGB")


def flatten(image):
    """RGB on white: a CMYK JPEG holds no transparency (a transparent logo is printed on
    white; for the navy cover, upload an SVG or an image with its background)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def print_ready(path, profile=None):
    """The path of a CMYK version of the raster image at `path`, or `path` itself when it
    is already CMYK or not a raster image (an SVG, whose colours are the editor's)."""
    path = Path(path)
    profile = Path(profile or output_profile_path())
    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError):
        return path
    with image:
        if image.mode == "CMYK":
            return path
        digest = hashlib.sha256(path.read_bytes() + profile.name.encode()).hexdigest()[:12]
        target = cmyk_dir() / f"{path.stem}-{digest}-cmyk.jpg"
        if target.exists():
            return target
        rgb = flatten(ImageOps.exif_transpose(image))
        transform = ImageCms.buildTransform(
            source_profile(image),
            ImageCms.getOpenProfile(str(profile)),
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )
        cmyk = ImageCms.applyTransform(rgb, transform)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    cmyk.save(partial, "JPEG", quality=JPEG_QUALITY, dpi=(300, 300))
    partial.replace(target)
    return target
