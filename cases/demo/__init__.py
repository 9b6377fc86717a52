"""Demo data for `manage.py load_demo`: offices, staff and their cases."""
