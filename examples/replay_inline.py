# Replay in the editor: after each print, what it prints, computed without running Python.
# エディター内の再現: 各 print の出力を、Python を実行せずに行末に表示します。
import torch
import torch.nn as nn

torch.manual_seed(42)
x = torch.randn(2, 5)
fc = nn.Linear(4, 3)
drop = nn.Dropout(0.3)
print(drop(x))
for step in range(3):
    print(step, drop(x).sum())
y = torch.softmax(x, dim=1)
print(y)
