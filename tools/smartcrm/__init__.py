"""Smart CRM developer entry point, behind ./smartcrm (see cli.py).

Only the Python standard library is used in this package: it creates the
virtual environment everything else runs in.
"""
