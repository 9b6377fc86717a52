"""Names must be visible; stored ID numbers and phones rewritten in their one spelling.

Until now intake accepted full-width and other scripts' digits (the shapes
used \\d), stored them as typed and hashed them so, and a search typed in
ASCII never found those people. Every stored identifier is read back,
normalised by `pii.normalise_identifier` and, where its spelling or keyed hash
changes, written again with the new hash.
"""

import cases.pii
from django.db import migrations, models

from cases import pii

# (encrypted field, its hash field, normaliser, hash function)
_IDENTIFIERS = (
    ("reporter_phone", "reporter_phone_hash", pii.normalise_phone, pii.phone_hash),
    ("reporter_id_number", "reporter_id_hash", pii.normalise_id_number, pii.id_hash),
    ("subject_id_number", "subject_id_hash", pii.normalise_id_number, pii.id_hash),
)


def renormalise_identifiers(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    fields = [name for field in _IDENTIFIERS for name in field[:2]]
    # Plain values, not model instances: an instance would load the deferred
    # state column again for each row (the state machine's field reads it).
    with_identifiers = (Case.objects.exclude(reporter_phone_hash="", reporter_id_hash="", subject_id_hash="")
                        .order_by("pk").values_list("pk", *fields))
    for pk, *stored in with_identifiers.iterator(chunk_size=5000):
        stored = dict(zip(fields, stored))
        changed = {}
        for value_field, hash_field, normalise, digest in _IDENTIFIERS:
            value = stored[value_field] or ""
            if not value:
                continue
            spelling = normalise(value)
            if spelling != value or digest(spelling) != stored[hash_field]:
                changed[value_field], changed[hash_field] = spelling, digest(spelling)
        if changed:
            Case.objects.filter(pk=pk).update(**changed)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_queue_indexes_in_deadline_order'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='reporter_name',
            field=models.CharField(max_length=50, validators=[cases.pii.validate_visible_name], verbose_name="reporter's name"),
        ),
        migrations.AlterField(
            model_name='case',
            name='subject_name',
            field=models.CharField(blank=True, max_length=50, validators=[cases.pii.validate_visible_name], verbose_name='name of the person concerned'),
        ),
        migrations.RunPython(renormalise_identifiers, migrations.RunPython.noop, elidable=True),
    ]
