from .customer_value import RFM_LABELS, ltv_factor, parse_bands, rfm_label
