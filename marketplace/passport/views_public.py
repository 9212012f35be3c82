# Being written (helper C): printable, verify, verify_json, verify_qr.
from django.http import Http404


def verify(request, code):
    raise Http404


printable = verify_json = verify_qr = verify
