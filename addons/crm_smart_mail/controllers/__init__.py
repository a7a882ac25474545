from . import magazine
