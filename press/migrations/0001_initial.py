"""Press releases move from the groups app: the tables stay as they are, only Django's record moves.

0002 then renames the tables and moves the content types, so permissions and admin history follow.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("groups", "0005_press_release_meeting"),
        ("meetings", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='PressReferenceCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('fr', 'French'), ('pt', 'Portuguese')], max_length=5, verbose_name='language')),
                        ('last_number', models.PositiveIntegerField(default=0, verbose_name='last number given')),
                    ],
                    options={
                        'db_table': 'groups_pressreferencecounter',
                        'verbose_name': 'press reference counter',
                        'verbose_name_plural': 'press reference counters',
                        'constraints': [models.UniqueConstraint(fields=('year', 'language'), name='pressreferencecounter_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='PressReleaseSet',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='press_release_sets', to='meetings.meeting', verbose_name='meeting')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='press_release_sets', to='groups.workinggroup', verbose_name='group')),
                    ],
                    options={
                        'db_table': 'groups_pressreleaseset',
                        'verbose_name': 'press release (all languages)',
                        'verbose_name_plural': 'press releases (all languages)',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalPressRelease',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('fr', 'French'), ('pt', 'Portuguese')], max_length=5, verbose_name='language')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('scheduled', 'Scheduled'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20, verbose_name='status')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                        ('place', models.CharField(blank=True, help_text='Shown before the date, e.g. Washington, D.C.', max_length=120, verbose_name='place')),
                        ('summary', models.TextField(blank=True, help_text='One or two sentences for lists and sharing.', verbose_name='summary')),
                        ('body', models.TextField(blank=True, help_text='Markdown: headings (#), paragraphs, lists and links. Anything else is removed.', verbose_name='body')),
                        ('image', models.TextField(blank=True, max_length=100, verbose_name='image')),
                        ('image_alt', models.CharField(blank=True, help_text='Required with an image, for screen readers.', max_length=300, verbose_name='image description')),
                        ('contact', models.TextField(blank=True, verbose_name='press contact')),
                        ('publish_at', models.DateTimeField(blank=True, null=True, verbose_name='publish at')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('reference', models.CharField(blank=True, max_length=30, verbose_name='reference')),
                        ('slug', models.SlugField(blank=True, max_length=40, verbose_name='address')),
                        ('correction_note', models.TextField(blank=True, verbose_name='correction note')),
                        ('corrected_at', models.DateTimeField(blank=True, null=True, verbose_name='corrected at')),
                        ('withdrawal_note', models.TextField(blank=True, verbose_name='withdrawal note')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                        ('changed_at', models.DateTimeField(blank=True, null=True, verbose_name='last public change')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('release_set', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='press.pressreleaseset', verbose_name='release')),
                    ],
                    options={
                        'db_table': 'groups_historicalpressrelease',
                        'verbose_name': 'historical press release',
                        'verbose_name_plural': 'historical press releases',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='PressRelease',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('fr', 'French'), ('pt', 'Portuguese')], max_length=5, verbose_name='language')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('scheduled', 'Scheduled'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20, verbose_name='status')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                        ('place', models.CharField(blank=True, help_text='Shown before the date, e.g. Washington, D.C.', max_length=120, verbose_name='place')),
                        ('summary', models.TextField(blank=True, help_text='One or two sentences for lists and sharing.', verbose_name='summary')),
                        ('body', models.TextField(blank=True, help_text='Markdown: headings (#), paragraphs, lists and links. Anything else is removed.', verbose_name='body')),
                        ('body_html', models.TextField(blank=True, editable=False, verbose_name='body (published form)')),
                        ('image', models.ImageField(blank=True, upload_to='press/images/%Y/', verbose_name='image')),
                        ('image_alt', models.CharField(blank=True, help_text='Required with an image, for screen readers.', max_length=300, verbose_name='image description')),
                        ('contact', models.TextField(blank=True, verbose_name='press contact')),
                        ('publish_at', models.DateTimeField(blank=True, null=True, verbose_name='publish at')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('reference', models.CharField(blank=True, max_length=30, verbose_name='reference')),
                        ('slug', models.SlugField(blank=True, max_length=40, verbose_name='address')),
                        ('correction_note', models.TextField(blank=True, verbose_name='correction note')),
                        ('corrected_at', models.DateTimeField(blank=True, null=True, verbose_name='corrected at')),
                        ('withdrawal_note', models.TextField(blank=True, verbose_name='withdrawal note')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                        ('changed_at', models.DateTimeField(blank=True, null=True, verbose_name='last public change')),
                        ('pdf', models.FileField(blank=True, upload_to='press/pdf/%Y/', verbose_name='PDF')),
                        ('pdf_etag', models.CharField(blank=True, editable=False, max_length=64)),
                        ('pdf_made_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('release_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='press.pressreleaseset', verbose_name='release')),
                    ],
                    options={
                        'db_table': 'groups_pressrelease',
                        'verbose_name': 'press release',
                        'verbose_name_plural': 'press releases',
                        'ordering': ['-published_at', '-pk'],
                        'indexes': [models.Index(fields=['status', 'language', '-published_at'], name='pressrelease_listing')],
                        'constraints': [models.UniqueConstraint(fields=('release_set', 'language'), name='pressrelease_one_version_per_language'), models.UniqueConstraint(condition=models.Q(('reference', ''), _negated=True), fields=('reference',), name='pressrelease_unique_reference'), models.UniqueConstraint(condition=models.Q(('slug', ''), _negated=True), fields=('slug',), name='pressrelease_unique_slug'), models.CheckConstraint(condition=models.Q(('image', ''), models.Q(('image_alt', ''), _negated=True), _connector='OR'), name='pressrelease_image_has_alt'), models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review', 'scheduled']), models.Q(('reference', ''), _negated=True), _connector='OR'), name='pressrelease_public_has_reference')],
                    },
                ),
            ],
        ),
    ]
