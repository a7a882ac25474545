from . import valuecard_receipt
