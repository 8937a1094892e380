# query: x = data.golden.membership
# input: {"comm": "bash", "path": "/usr/bin/bash", "args": ["-c", "id"]}
# want: {"shells": ["bash", "sh", "zsh"], "shell": true, "flag": true, "bin": true}
package golden.membership

import rego.v1

shells := {"sh", "bash", "zsh"}

shell if input.comm in shells

flag if some "-c" in input.args

bin if startswith(input.path, "/usr/bin/")
