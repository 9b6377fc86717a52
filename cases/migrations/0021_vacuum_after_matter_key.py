"""Adding the matter key rewrote the case table, and a rewritten table has no
page marked all-visible: until a VACUUM, every index-only read (the root-cause
figures, the register lists) visits the table again, and autovacuum does not
see a rewrite as a reason to run. At a million cases this VACUUM takes about
2 s and blocks no reads or writes. PostgreSQL only; outside a transaction."""

from django.db import migrations


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM (ANALYZE) cases_case")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0020_matter_key"),
    ]

    operations = [
        migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True),
    ]
