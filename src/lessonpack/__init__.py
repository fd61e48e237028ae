"""lessonpack: classroom lesson packs from YAML lessons and a source essay."""

__version__ = "0.1.0"
