# A small package for the import test: several decorator spellings, aliases, an undecorated class.
from my_pkg.layers import Scaler, Gate  # noqa: F401
