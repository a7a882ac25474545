from odoo import api, models

#: What happens to a customer that other addons may act on, defined once: the
#: value cards issue a card, the surveys record an answer, the history records
#: a customer's first visit ever. Step mails start on them (crm_smart_mail).
CUSTOMER_EVENTS = [
    ("card_issued", "Value card issued"),
    ("survey_answered", "Survey answered"),
    ("first_visit", "First visit"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _smart_customer_event(self, event):
        """Announce that ``event`` (a key of CUSTOMER_EVENTS) happened to the
        customers of ``self``.

        This is the one public place where an addon says that something
        happened to its customers, so that features acting on it (the step
        mails of crm_smart_mail) need no bridge addon to every source: the
        addon where the event happens calls it once for all the customers
        concerned (set-based, also for bulk imports), and listeners override
        it. Here it does nothing. Listeners must not fail the caller's
        operation (a card issued at the counter) for their own reasons."""
        if event not in dict(CUSTOMER_EVENTS):
            raise ValueError(f"unknown customer event {event!r}")
        return True

    @api.model
    def _smart_customer_event_wanted(self, event):
        """Whether anything acts on ``event`` now. A source whose event costs a
        query to detect (a first visit, on the value-card payment path) asks
        first, so that nobody pays for an event that nothing listens to.
        Listeners that override _smart_customer_event override this too,
        cheaply (no query on the hot path). Nothing listens here."""
        return False
