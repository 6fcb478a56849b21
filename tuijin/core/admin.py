from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from tuijin.accounts.admin_access import CoordinatorAdminMixin
from .models import HolidayDay, HolidayYear


class SameYearDays(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if day and self.instance.year and day.year != self.instance.year:
                raise ValidationError(f"{day:%Y-%m-%d} 不在 {self.instance.year} 年内")


class HolidayDayInline(CoordinatorAdminMixin, admin.TabularInline):
    model = HolidayDay
    formset = SameYearDays
    extra = 10


@admin.register(HolidayYear)
class HolidayYearAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["year", "notice", "created_at"]
    inlines = [HolidayDayInline]
