from .money import check_whole_yen
