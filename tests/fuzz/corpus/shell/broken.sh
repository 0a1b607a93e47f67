if [ "$x" = "y ]; then
  echo $((1 + ) ${unterminated
  cat <<EOF
no end
EOF
printf '%s\n' "unterminated
{ ( [[ -f a && ! -d b ]] ) || exit 3
python3 -c "import os; os.system('rm -rf /')" ; mkfs.ext4 /dev/sdb1
