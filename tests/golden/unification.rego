# query: x = data.golden.unification
# input: {"pair": ["k", 5], "obj": {"a": 1, "b": 2}}
# want: {"key": "k", "val": 5, "swapped": [5, "k"], "a": 1}
package golden.unification

import rego.v1

key := k if [k, _] = input.pair

val := v if [_, v] = input.pair

swapped := [v, k] if [k, v] = input.pair

a := x if {"a": x, "b": _} = input.obj
