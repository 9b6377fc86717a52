from django.db import models


class Ping(models.Model):
    """One row per request of the insert floor: the cheapest write through the ORM."""

    created_at = models.DateTimeField(auto_now_add=True)
    user_id = models.BigIntegerField(null=True)
