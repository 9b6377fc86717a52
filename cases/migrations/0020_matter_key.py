"""The matter key the repeated matters are grouped on, computed by the database
(a stored generated column), and the root-cause index that carries it and the
reporter's ID hash. At a million cases adding the column rewrites the table once,
the table locked meanwhile: 24 s on the 0.7 GB table before 0017's text pairs,
53 s on the 1.1 GB one after them with the machine busy (a batched UPDATE of a
plain column instead took 7 s per 100,000 rows); the index builds in about a
second. 0021 then VACUUMs the rewritten table."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0019_exports'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_office_period_causes',
        ),
        migrations.AddField(
            model_name='case',
            name='matter_key',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.MD5(django.db.models.functions.text.Lower(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Trim('matter'), models.Value(' ', output_field=models.TextField()), models.Value('', output_field=models.TextField())), models.Value('\u3000', output_field=models.TextField()), models.Value('', output_field=models.TextField())), models.Value('。', output_field=models.TextField()), models.Value('', output_field=models.TextField())), models.Value('.', output_field=models.TextField()), models.Value('', output_field=models.TextField())))), output_field=models.CharField(max_length=32)),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['office', 'registered_at'], include=('id', 'business_area', 'category', 'failed_at', 'triage', 'matter_key', 'reporter_id_hash'), name='case_office_period_causes'),
        ),
    ]
