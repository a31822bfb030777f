"""Stored, indexed search words (PostgreSQL only): see members.textsearch.stored_vectors.

A release is one language version: its words are kept once, in its own language's configuration.
"""

from django.db import migrations

from members.textsearch import stored_vectors


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_search_configurations"),
        ("press", "0005_pressrelease_pdf_claimed_at"),
    ]

    operations = [
        stored_vectors("press_pressrelease", {"A": ["title"], "B": ["summary", "body"]}, own_language="language"),
    ]
