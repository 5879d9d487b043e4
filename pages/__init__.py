"""The dashboard: one narrated script per page (routed by dashboard.py) and their helpers in pages/ui."""
