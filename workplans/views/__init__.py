"""Views, one module per page family; workplans/urls.py imports them from their modules."""
