"""Pagination that never counts a million rows to draw "page 1 of 40,000"."""

from django.core.paginator import EmptyPage, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

COUNT_CAP = 1000
# No list is paged this far by hand; a larger number typed into the URL would
# make an OFFSET past PostgreSQL's bigint.
MAX_PAGE = 10_000


class BoundedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: beyond that the list says "more than 1,000".

    A clerk narrows a long list by searching, not by paging to page 400, so an
    exact COUNT(*) over an office's whole register would be work nobody reads.
    """

    cap = COUNT_CAP

    @cached_property
    def count(self):
        if isinstance(self.object_list, list):
            return len(self.object_list)
        # Without the list's ORDER BY: any cap + 1 matching rows will do, so the
        # database stops at the first ones its index gives instead of sorting.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def uncounted(self) -> bool:
        return getattr(self.object_list, "uncounted", False)

    def get_page(self, number):
        if not self.uncounted:
            return super().get_page(number)
        # Not counted: read one row past the page to know if another follows,
        # and let the count say just that much.
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        if number > MAX_PAGE:
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        self.__dict__["count"] = bottom + len(rows)
        return self._get_page(rows[: self.per_page], number, self)

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > MAX_PAGE:
            raise EmptyPage(_("That page is past the end of the list."))
        return number

    def page(self, number):
        """A whole page even past the counted rows (the count may stop short)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom: bottom + self.per_page], number, self)
