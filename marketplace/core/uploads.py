"""Upload handling: no file is kept past the largest size any upload may have.

Django's own handlers write every byte of a file part to memory or a temporary file before a
form or service sees its size, so a 2 GB "passport scan" would fill the disk before the 10 MB
check refused it. CappedUploadHandler runs first (FILE_UPLOAD_HANDLERS): it passes a file's bytes
on until the file passes VALUND_UPLOAD_MAX_BYTES, then drops the rest, throws away what was kept,
and hands the form an empty stand-in that carries the file's real size. The checks that follow
(core.files.check_document, the avatar's) refuse it by that size with their usual message. The
bytes past the limit are still read off the connection and counted, so that the member gets the
page with that message instead of a reset connection; nginx's client_max_body_size bounds that."""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class _NotKept(BytesIO):
    # Code that reads the stand-in instead of checking its size fails loudly rather than
    # storing an empty file.
    def read(self, *args):
        raise OSError("This upload was larger than VALUND_UPLOAD_MAX_BYTES and was not kept.")


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name, type and real size, and no content."""

    def __init__(self, *, name, content_type, size, charset):
        super().__init__(file=_NotKept(), name=name, content_type=content_type, size=size, charset=charset)


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = settings.VALUND_UPLOAD_MAX_BYTES

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.limit:
            return raw_data
        if self.received - len(raw_data) <= self.limit:
            self._discard_kept()
        return None  # the handlers after this one never see it

    def _discard_kept(self):
        # The handlers after this one wrote the file's first part; their file_complete will not be
        # called (this handler answers for the file), so their temporary file is closed, and so
        # deleted, now.
        for handler in self.request.upload_handlers if self.request else ():
            kept = getattr(handler, "file", None) if handler is not self else None
            if kept is not None and not kept.closed:
                kept.close()

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None
        return OversizedUpload(name=self.file_name, content_type=self.content_type, size=self.received,
                               charset=self.charset)
