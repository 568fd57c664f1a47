"""The checksum of the packaged dataset file, as last verified.

Written by scripts/canonicalize.py after the file validated through the
full loader; a test checks that it matches the file.  Do not edit by hand.

It is (size in bytes, CRC-32): enough to notice an edited or damaged file,
which then goes through the full loader.  It is not a security boundary —
whoever can change the file can change the code beside it.
"""

CHECKSUM = (563345, 688332056)
