"""Types: is_number, is_string, ..., type_name."""

from __future__ import annotations

from ..values import Num, Set, type_name as _type_name


def is_number(x):
    c = x.__class__
    return c is int or c is float or c is Num


def is_string(x):
    return x.__class__ is str


def is_boolean(x):
    return x.__class__ is bool


def is_array(x):
    return x.__class__ is list


def is_set(x):
    return x.__class__ is Set


def is_object(x):
    return x.__class__ is dict


def is_null(x):
    return x is None


def type_name(x):
    return _type_name(x)


FUNCTIONS = {
    "is_number": (is_number, 1),
    "is_string": (is_string, 1),
    "is_boolean": (is_boolean, 1),
    "is_array": (is_array, 1),
    "is_set": (is_set, 1),
    "is_object": (is_object, 1),
    "is_null": (is_null, 1),
    "type_name": (type_name, 1),
}
