"""Django's JSON serializer, naming content types and permissions by their natural keys and everything else by id.

Content types and permissions are made by ``migrate`` itself, with ids that differ from one
database to the next, so a backup refers to them as ``["projects", "project"]``; every other
record keeps its id (so links between records survive) and costs no lookup when restored.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import Serializer as JSONSerializer

BY_NATURAL_KEY = (ContentType, Permission)


class Serializer(JSONSerializer):
    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in BY_NATURAL_KEY
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in BY_NATURAL_KEY
        super().handle_m2m_field(obj, field)
