"""Demo data: four offices, a login for every role in each, and the stories of docs/domain.md.

Running it again changes nothing: offices, areas, departments, staff and rota
rows are looked up by their codes, names and usernames, and an office that
already has cases gets no demo cases. Cases go through the real services, so
their numbers, audit rows and encrypted identifiers are what production makes.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from routing import clock, roles
from cases.demo.stories import CaseLoader
from cases.services.figures import figures_refresh
from routing.models import BusinessArea, Department, DutyAssignment, Office, User

DEMO_PASSWORD = "windowdesk-demo"

# (code, name, parent code). The city bureau oversees the two county bureaus;
# the Zhangjiakou center is unrelated, so isolation between offices is visible.
OFFICES = [
    ("DD", "丹东市人社局", None),
    ("DG", "东港市人社局", "DD"),
    ("FC", "凤城市人社局", "DD"),
    ("ZJK", "张家口市社保中心", None),
]

# The first six digits of the demo ID numbers: an area code of each office.
REGION = {"DD": "210603", "DG": "210681", "FC": "210682", "ZJK": "130702"}

BUSINESS_AREAS = ["养老保险", "医疗保险", "失业保险", "就业", "工伤保险", "劳动关系", "人事档案", "其他"]

# (name, kind, regular window?, which demo section head heads it)
DEPARTMENTS = [
    ("养老保险科", Department.Kind.SECTION, False, "head"),
    ("医疗保险科", Department.Kind.SECTION, False, "head2"),
    ("就业促进科", Department.Kind.SECTION, False, "head2"),
    ("劳动关系科", Department.Kind.SECTION, False, "head2"),
    ("工伤保险科", Department.Kind.SECTION, False, "head2"),
    ("人事档案室", Department.Kind.SECTION, False, "head"),
    ("社保中心", Department.Kind.CENTER, False, "head"),
    ("办公室", Department.Kind.SECTION, False, "head"),
    ("养老保险窗口", Department.Kind.SECTION, True, "head"),
    ("医保窗口", Department.Kind.SECTION, True, "head2"),
    ("就业失业登记窗口", Department.Kind.SECTION, True, "head2"),
    ("外省养老保险经办机构", Department.Kind.EXTERNAL, False, None),
]


@dataclass(frozen=True)
class DemoRole:
    suffix: str
    group: str
    title: str


ROLES = [
    DemoRole("clerk", roles.CLERK, "窗口工作人员"),
    DemoRole("leader", roles.DUTY_LEADER, "副局长（值班领导）"),
    DemoRole("head", roles.SECTION_HEAD, "养老保险科科长"),
    DemoRole("head2", roles.SECTION_HEAD, "医疗保险科科长"),
    DemoRole("committee", roles.COMMITTEE, "中心党委委员"),
    DemoRole("director", roles.PARTY_GROUP, "局长"),
    DemoRole("inspector", roles.DISCIPLINE, "纪检组长"),
    DemoRole("admin", roles.ADMINISTRATOR, "系统管理员"),
]

# (family name, given name) per office, in the order of ROLES.
NAMES = {
    "DD": [("王", "晓红"), ("李", "建国"), ("赵", "立新"), ("孙", "丽华"), ("周", "志刚"), ("吴", "振东"), ("郑", "秀梅"), ("冯", "凯")],
    "DG": [("陈", "静"), ("褚", "海涛"), ("卫", "国庆"), ("蒋", "春燕"), ("沈", "德明"), ("韩", "东升"), ("杨", "玉兰"), ("朱", "磊")],
    "FC": [("秦", "雪"), ("尤", "长青"), ("许", "文斌"), ("何", "淑珍"), ("吕", "永胜"), ("施", "宏伟"), ("张", "桂芳"), ("孔", "鹏")],
    "ZJK": [("曹", "敏"), ("严", "志强"), ("华", "建军"), ("金", "凤霞"), ("魏", "宝山"), ("陶", "守仁"), ("姜", "红梅"), ("戚", "宇")],
}

# Office administrators look after their office's set-up in the Django admin.
# They may read staff but not edit accounts: the staff admin is not limited to
# one office, and editing accounts there would reach other offices' staff.
ADMIN_PERMISSIONS = [
    "routing.view_office",
    "routing.view_user",
    "routing.view_department", "routing.add_department", "routing.change_department",
    "routing.view_businessarea", "routing.add_businessarea", "routing.change_businessarea",
    "routing.view_dutyassignment", "routing.add_dutyassignment", "routing.change_dutyassignment",
    "cases.view_case",
]


class Command(BaseCommand):
    help = "Load demo offices, staff for every role (one shared password) and cases; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true",
                            help=f"Set every demo account's password back to {DEMO_PASSWORD!r}.")
        parser.add_argument("--force", action="store_true",
                            help="Load even with DJANGO_DEBUG off (never on a real deployment).")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to load demo accounts with a known password while DJANGO_DEBUG is off.")
        missing = set(roles.ALL) - set(Group.objects.filter(name__in=roles.ALL).values_list("name", flat=True))
        if missing:
            raise CommandError(f"Role groups missing ({', '.join(sorted(missing))}): run `manage.py migrate` first.")

        self._password_hash = None
        self.reset_passwords = options["reset_passwords"]
        with transaction.atomic():
            offices = self.load_offices()
            staff = {code: self.load_staff(office) for code, office in offices.items()}
            for code, office in offices.items():
                self.load_departments(office, staff[code])
                self.load_rota(office, staff[code])
            superuser = self.load_superuser()

        for code, office in offices.items():
            if office.cases.exists():
                self.stdout.write(f"{office.name}: has cases already, no demo cases added.")
                continue
            with transaction.atomic():
                count = CaseLoader(office, staff[code], REGION[code]).load(code)
            self.stdout.write(f"{office.name}: {count} demo cases registered.")

        # The statistics pages read the daily figures, which the hourly job keeps:
        # the demo's are computed at once, so the pages show the stories.
        figures_refresh(days=31)
        self.print_logins(offices, staff, superuser)

    # --- organisation -------------------------------------------------------

    def load_offices(self) -> dict[str, Office]:
        offices = {}
        for code, name, parent_code in OFFICES:
            office, _created = Office.objects.get_or_create(
                code=code, defaults={"name": name, "parent": offices.get(parent_code)})
            for position, area in enumerate(BUSINESS_AREAS):
                BusinessArea.objects.get_or_create(office=office, name=area, defaults={"position": position})
            offices[code] = office
        return offices

    def password_hash(self) -> str:
        # Hashing is deliberately slow: hash the demo password once for every account.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def load_staff(self, office: Office) -> dict[str, User]:
        staff = {}
        for role, (family, given) in zip(ROLES, NAMES[office.code]):
            user, created = User.objects.get_or_create(
                username=f"{office.code.lower()}_{role.suffix}",
                defaults={"office": office, "last_name": family, "first_name": given, "title": role.title,
                          "is_staff": role.group == roles.ADMINISTRATOR},
            )
            if created or self.reset_passwords:
                user.password = self.password_hash()
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role.group))
            if role.group == roles.ADMINISTRATOR:
                user.user_permissions.add(*permissions(ADMIN_PERMISSIONS))
            staff[role.suffix] = user
        return staff

    def load_superuser(self) -> User:
        user, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "last_name": "系统", "first_name": "管理员"})
        if created or self.reset_passwords:
            user.password = self.password_hash()
            user.save(update_fields=["password"])
        return user

    def load_departments(self, office: Office, staff: dict[str, User]) -> None:
        for name, kind, regular_window, head in DEPARTMENTS:
            department, _created = Department.objects.get_or_create(
                office=office, name=name,
                defaults={"kind": kind, "is_regular_window": regular_window, "head": staff.get(head)},
            )

    def load_rota(self, office: Office, staff: dict[str, User]) -> None:
        """The demo duty leader stands duty every working day of this month and the next."""
        today = timezone.localdate()
        first = today.replace(day=1)
        end = (first + datetime.timedelta(days=62)).replace(day=1)
        day = first
        while day < end:
            if clock.is_working_day(day):
                DutyAssignment.objects.get_or_create(
                    office=office, day=day, defaults={"leader": staff["leader"], "assigned_by": staff["admin"]})
            day += datetime.timedelta(days=1)

    def print_logins(self, offices, staff, superuser) -> None:
        rows = [("username", "name", "office", "role")]
        for code, office in offices.items():
            for role in ROLES:
                user = staff[code][role.suffix]
                rows.append((user.username, user.get_full_name(), office.name, f"{role.group} · {role.title}"))
        rows.append((superuser.username, superuser.get_full_name(), "-", "superuser · Django admin only"))
        widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins at http://127.0.0.1:8000/accounts/login/ (password for all: {DEMO_PASSWORD})")
        for row in rows:
            self.stdout.write("  ".join([*(pad(value, width) for value, width in zip(row, widths)), row[3]]))


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found
