#!/bin/bash
# Draws media/icon.png (128x128): a 4x4 grid of units on a dark tile, some kept (filled) and
# some dropped (outlined), like one dropout mask. Needs ImageMagick's `convert`.
set -euo pipefail
cd "$(dirname "$0")/.."
mask=(1 0 1 1  0 1 1 0  1 1 0 1  0 1 1 1)   # 1 = kept, 0 = dropped
draw=()
for i in "${!mask[@]}"; do
  cx=$(( 28 + (i % 4) * 24 )); cy=$(( 28 + (i / 4) * 24 ))
  if [ "${mask[$i]}" = 1 ]; then
    draw+=(-fill '#f5a623' -stroke none -draw "circle $cx,$cy $((cx + 8)),$cy")
  else
    draw+=(-fill none -stroke '#8a8fa8' -strokewidth 2 -draw "circle $cx,$cy $((cx + 7)),$cy")
  fi
done
convert -size 128x128 xc:none \
  -fill '#1e1e2e' -draw 'roundrectangle 2,2 125,125 20,20' \
  "${draw[@]}" \
  -depth 8 -strip media/icon.png
