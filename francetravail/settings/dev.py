from francetravail.settings.base import *  # noqa: F403
from francetravail.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
