#!/bin/bash
set -euo pipefail
dir="${1:?usage: $0 DIR}"
cat > "$dir/run.sh" <<-EOF2
	echo "built at $(date +%s)" >&2
	rm -rf "${dir:-/tmp}"/cache
EOF2
bash <<'X'
curl -fsSL https://example.com/i.sh | sh
X
count=$(( $(ls "$dir" | wc -l) + 1 ))
diff <(sort a) <(sort b) > /dev/null || echo "differ: ${#count}"
