from .money import MAX_AMOUNT, MAX_BALANCE, check_whole_yen
