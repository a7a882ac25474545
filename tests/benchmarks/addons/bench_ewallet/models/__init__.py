from . import loyalty_card
