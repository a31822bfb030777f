"""Press releases now belong to the press app (press 0001 takes over the same tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0005_press_release_meeting"),
        ("press", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="HistoricalPressRelease"),
                migrations.DeleteModel(name="PressRelease"),
                migrations.DeleteModel(name="PressReleaseSet"),
                migrations.DeleteModel(name="PressReferenceCounter"),
            ],
        ),
    ]
