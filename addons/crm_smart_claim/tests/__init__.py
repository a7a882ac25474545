from . import test_inquiry
from . import test_inquiry_mail
from . import test_inquiry_portal
from . import test_inquiry_security
from . import test_rpc
from . import test_translations
