"""Checking and cleaning what a citizen uploads: photos and PDFs only.

The type is read from the file's first bytes (`filetype`), never from its
name or the browser's word for it. Photos are drawn again by Pillow without
their metadata, so the location a phone writes into EXIF never reaches the
office; a file Pillow cannot read is refused rather than stored as it came.
"""

import dataclasses
import io

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
ACCEPTED_TYPES = {**PHOTO_TYPES, "application/pdf": "pdf"}
# Pillow refuses to decode images larger than this many pixels (a "decompression
# bomb" fits in 5 MB); a phone photo is well under it.
Image.MAX_IMAGE_PIXELS = 60_000_000


@dataclasses.dataclass
class CleanFile:
    name: str
    content_type: str
    content: ContentFile

    @property
    def size(self) -> int:
        return self.content.size


def clean_uploads(files) -> list[CleanFile]:
    """The uploads, checked and cleaned; ValidationError naming the first bad one."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(_("Send at most %(n)d files."), params={"n": MAX_FILES}, code="too_many_files")
    return [clean_upload(f) for f in files]


def clean_upload(upload) -> CleanFile:
    name = (upload.name or "")[-200:]
    if upload.size > MAX_BYTES:
        raise ValidationError(_("“%(name)s” is larger than 5 MB."), params={"name": name}, code="file_too_large")
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise ValidationError(_("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF."), params={"name": name},
                              code="file_type")
    data = upload.read()
    if kind.mime in PHOTO_TYPES:
        data = _without_metadata(data, kind.mime, name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    clean_name = f"{stem or 'file'}.{ACCEPTED_TYPES[kind.mime]}"
    return CleanFile(name=clean_name, content_type=kind.mime, content=ContentFile(data, name=clean_name))


def _without_metadata(data: bytes, mime: str, name: str) -> bytes:
    """The photo drawn again from its pixels only: no EXIF (GPS), no XMP, no comments.

    The EXIF orientation is applied to the pixels first, so a photo taken
    upright still shows upright once its EXIF is gone.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            pixels = Image.new(image.mode, image.size)
            pixels.paste(image)
            if image.mode == "P" and image.getpalette():
                pixels.putpalette(image.getpalette())
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("“%(name)s” could not be read as a photo."), params={"name": name},
                              code="file_unreadable") from None
    out = io.BytesIO()
    format_ = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[mime]
    if format_ == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    pixels.save(out, format=format_, **({"quality": 90} if format_ in ("JPEG", "WEBP") else {}))
    return out.getvalue()
