# A notebook-style cell, as books and tutorials print it: seed, a random tensor, dropout, print.
# `dropout-lens run examples/seeded_cell.py` prints what `python examples/seeded_cell.py` prints.
# 本やチュートリアルによくあるセル: シード、乱数のテンソル、ドロップアウト、print。
import torch
import torch.nn as nn

torch.manual_seed(42)
x = torch.randn(2, 5)
drop = nn.Dropout(0.3)
print(x)
print(drop(x))
drop.eval()
print(torch.equal(drop(x), x))
