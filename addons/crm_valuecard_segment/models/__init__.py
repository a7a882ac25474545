from . import valuecard_campaign
