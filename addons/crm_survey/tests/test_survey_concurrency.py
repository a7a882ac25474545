from contextlib import closing

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSurveyConcurrency(TransactionCase):
    """Two responses of one person at the same moment: the second one's lookup fails
    with a serialisation error (which the server retries) instead of creating a
    second customer. Runs on two real connections, as two workers would."""

    KEY = "email:race-test@example.jp"

    def test_second_lookup_of_a_key_is_retried(self):
        connection = db_connect(self.env.cr.dbname)
        self.addCleanup(self._drop_key, connection)
        with closing(connection.cursor()) as first, closing(connection.cursor()) as second:
            second.execute("SELECT 1")  # the second response's transaction is under way
            api.Environment(first, SUPERUSER_ID, {})["survey.customer.key"]._lock([self.KEY])
            first.commit()  # the first response created its customer and committed
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                api.Environment(second, SUPERUSER_ID, {})["survey.customer.key"]._lock([self.KEY])
            second.rollback()

    def _drop_key(self, connection):
        with closing(connection.cursor()) as cr:
            cr.execute("DELETE FROM survey_customer_key WHERE key = %s", [self.KEY])
            # the key was committed on its own connection, outside the test's transaction
            cr.commit()  # pylint: disable=invalid-commit
