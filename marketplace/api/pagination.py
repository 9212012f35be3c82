"""Long lists are read by cursor: each page links the next and the previous one, and rows
added meanwhile neither repeat nor go missing, as they would with page numbers."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-pk")
