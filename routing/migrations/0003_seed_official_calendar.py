"""Seed the official schedules that chinese-calendar 1.11.0 knows (2004–2026).

Only days that differ from the weekday/weekend rule become rows: a holiday on a
weekday, a make-up working day on a weekend. The range is fixed here, not read
from the package, so a later package version cannot change what this migration
did; newer years are entered with `manage.py load_calendar_year`.
"""

import datetime

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2004, 2026

CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def notice_for(year: int) -> str:
    # The State Council General Office publishes one notice a year under this title.
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def official_rows(year_range=(FIRST_YEAR, LAST_YEAR)):
    """(date, is_working_day, kind, name) of every day that differs from the plain rule."""
    from chinese_calendar import constants

    first, last = year_range
    rows = []
    for day, english in constants.holidays.items():
        if first <= day.year <= last and day.weekday() < 5:
            kind = "other" if english == "Anti-Fascist 70th Day" else "holiday"
            rows.append((day, False, kind, CHINESE_NAMES.get(english, english)))
    for day, english in constants.workdays.items():
        if first <= day.year <= last and day.weekday() >= 5:
            rows.append((day, True, "makeup", CHINESE_NAMES.get(english, english)))
    return sorted(rows)


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("routing", "CalendarDay")
    CalendarYear = apps.get_model("routing", "CalendarYear")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                date=day, is_working_day=working, kind=kind, name=name,
                notice=notice_for(day.year), source="official",
            )
            for day, working, kind, name in official_rows()
            if day not in existing
        ],
        batch_size=500,
    )
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        CalendarYear.objects.update_or_create(year=year, defaults={"published": True, "notice": notice_for(year)})


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("routing", "CalendarDay")
    CalendarYear = apps.get_model("routing", "CalendarYear")
    CalendarDay.objects.filter(
        date__gte=datetime.date(FIRST_YEAR, 1, 1), date__lte=datetime.date(LAST_YEAR, 12, 31), source="official",
    ).delete()
    CalendarYear.objects.filter(year__gte=FIRST_YEAR, year__lte=LAST_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("routing", "0002_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
