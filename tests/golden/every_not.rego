# query: x = [data.golden.every_not.all_small, data.golden.every_not.no_root]
# input: {"sizes": [1, 2, 3], "users": ["bob"]}
# want: [true, true]
package golden.every_not

import rego.v1

all_small if every s in input.sizes { s < 10 }

no_root if not "root" in input.users
