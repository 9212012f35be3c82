# Being written (helper B): index, upload, detail, new_version, open_file.
from django.http import Http404


def index(request):
    raise Http404


upload = detail = new_version = open_file = index
