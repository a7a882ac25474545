"""The rules of customer value, written once: the RFM labels and the
lifetime-value factor (pure functions, used by the SQL computation, the
settings and the tests)."""
import itertools

# label, the condition on the scores (1 to 5) that gives it, first match wins;
# the SQL CASE of smart.customer.value is built from this list
RFM_LABELS = [
    ("champion", "Best", "r >= 4 AND f >= 4 AND m >= 4"),
    ("new", "New", "r >= 4 AND f <= 2"),
    ("loyal", "Loyal", "r >= 3 AND f >= 3"),
    ("at_risk", "At Risk", "r <= 2 AND f >= 3"),
    ("dormant", "Dormant", "r <= 2"),
    ("promising", "Promising", "TRUE"),
]


def rfm_label(r, f, m):
    """The label of RFM_LABELS for scores r, f and m, written in Python for
    the computations outside PostgreSQL (the ORM baseline of the benchmark,
    the tests' reference): the SQL CASE is built from RFM_LABELS, so the two
    checking each other is a test of both.

    >>> rfm_label(5, 2, 1)
    'new'
    """
    if r >= 4 and f >= 4 and m >= 4:
        return "champion"
    if r >= 4 and f <= 2:
        return "new"
    if r >= 3 and f >= 3:
        return "loyal"
    if r <= 2 and f >= 3:
        return "at_risk"
    if r <= 2:
        return "dormant"
    return "promising"


# score per band: four thresholds make five bands
BAND_COUNT = 4


def ltv_factor(lifetime_years, discount_rate):
    """Sum of the discount factors of the expected years of a customer's life:
    ``lifetime_years`` when there is no discount, else the present value of
    one yen a year, the first year undiscounted
    (Σ_{t=0}^{L-1} (1+d)^-t = (1 - (1+d)^-L) / (1 - (1+d)^-1)).

    >>> ltv_factor(3, 0)
    3.0
    >>> round(ltv_factor(3, 0.1), 4)
    2.7355
    """
    lifetime_years = float(lifetime_years)
    discount_rate = float(discount_rate)
    if lifetime_years <= 0:
        return 0.0
    if not discount_rate:
        return lifetime_years
    growth = 1.0 + discount_rate
    return (1.0 - growth ** -lifetime_years) / (1.0 - 1.0 / growth)


def parse_bands(text):
    """The four increasing whole-number thresholds written in ``text``
    ("30, 90, 180, 365"), or None when the text is not that."""
    try:
        values = [int(part) for part in (text or "").replace("、", ",").split(",") if part.strip()]
    except ValueError:
        return None
    if len(values) != BAND_COUNT or any(b <= a for a, b in itertools.pairwise(values)) or values[0] < 0:
        return None
    return values
