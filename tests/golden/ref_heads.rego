# query: x = data.golden.refheads.p
# input: {"items": ["a", "b"]}
# want: {"fixed": {"value": 1}, "a": {"index": 0}, "b": {"index": 1}}
package golden.refheads

import rego.v1

p.fixed.value := 1

p[item].index := i if some i, item in input.items
